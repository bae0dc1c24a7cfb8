import BenchSupport
import Glibc
import Testing

@Suite struct ProcessStatisticsTests {
    @Test func readsThisProcessFigures() {
        let pid = getpid()
        #expect(ProcessStatistics.residentKiB(pid: pid) > 0)
        #expect(ProcessStatistics.cpuNanoseconds(pid: pid) > 0)
        let resident = ProcessStatistics.residentKiB(pid: pid)
        #expect(ProcessCPUTime.maximumResidentBytes() >= resident * 1024, "the peak is at least what is resident now")
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
