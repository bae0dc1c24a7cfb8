import BenchSupport
import Glibc
import Testing

@Suite struct ProcessStatisticsTests {
    @Test func readsThisProcessFigures() {
        let pid = getpid()
        #expect(ProcessStatistics.residentKiB(pid: pid) > 0)
        #expect(ProcessStatistics.cpuNanoseconds(pid: pid) > 0)
    }

    @Test func thePeakCountsMemoryThisProcessTouched() {
        // Comparing the peak with the resident size read a moment earlier raced with other tests
        // freeing memory in parallel (the kernel's high-water mark is not updated on every path that
        // lowers RSS); memory this test itself keeps resident is a bound that holds.
        let count = 32 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 4096)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 1, count: count)
        #expect(ProcessCPUTime.maximumResidentBytes() >= count, "the peak is at least the 32 MiB just touched")
        #expect(block.load(fromByteOffset: count - 1, as: UInt8.self) == 1)
    }

    @Test func countsOpenDescriptors() throws {
        let pid = getpid()
        let before = try #require(ProcessStatistics.openDescriptorCount(pid: pid))
        let descriptor = open("/dev/null", O_RDONLY)
        defer { close(descriptor) }
        #expect(ProcessStatistics.openDescriptorCount(pid: pid) == before + 1)
    }

    @Test func aMissingProcessReadsAsNothing() {
        let unused: pid_t = Int32.max
        #expect(ProcessStatistics.residentKiB(pid: unused) == 0)
        #expect(ProcessStatistics.cpuNanoseconds(pid: unused) == 0)
        #expect(ProcessStatistics.openDescriptorCount(pid: unused) == nil)
    }
}
