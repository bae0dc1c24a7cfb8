import EpollIO
import Testing

@Suite struct DescriptorTableTests {
    @Test func preparedSlotsStartVacantAndKeepTheirValues() {
        var table = DescriptorTable(minimumCapacity: 4, vacant: -1)
        let hasZero = table.contains(0)
        #expect(!hasZero)
        table.prepare(2).pointee = 22
        let hasTwo = table.contains(2)
        #expect(hasTwo)
        #expect(table[2].pointee == 22)
        #expect(table[0].pointee == -1)
        let hasNegative = table.contains(-1)
        #expect(!hasNegative)
    }

    @Test func growsByDoublingAndKeepsEverySlot() {
        var table = DescriptorTable(minimumCapacity: 4, vacant: 0)
        for fd in Int32(0)..<1000 { table.prepare(fd).pointee = Int(fd) * 3 }
        let capacity = table.capacity
        #expect(capacity == 1024)
        for fd in Int32(0)..<1000 {
            let value = table[fd].pointee
            #expect(value == Int(fd) * 3)
        }
    }

    @Test func initialisesOnlyUpToTheHighestPreparedDescriptor() {
        var table = DescriptorTable(minimumCapacity: 1024, vacant: 0)
        _ = table.prepare(10)
        let initialised = table.count
        #expect(initialised == 64)
        _ = table.prepare(700)
        let initialisedAfter700 = table.count
        #expect(initialisedAfter700 == 701)
        let capacity = table.capacity
        #expect(capacity == 1024)
    }

    @Test func vacatePutsTheVacantValueBack() {
        var table = DescriptorTable(minimumCapacity: 8, vacant: "free")
        table.prepare(3).pointee = "open"
        table.vacate(3)
        #expect(table[3].pointee == "free")
    }

    @Test func shrinksAfterABurstAndKeepsTheLowSlots() {
        var table = DescriptorTable(minimumCapacity: 16, vacant: [Int]())
        for fd in Int32(0)..<5000 { table.prepare(fd).pointee = [Int(fd)] }
        for fd in Int32(20)..<5000 { table.vacate(fd) }
        let shrank = table.shrink(toFit: 19)
        #expect(shrank)
        let capacityAfter = table.capacity
        #expect(capacityAfter == 32)
        let initialisedAfter = table.count
        #expect(initialisedAfter == 32)
        for fd in Int32(0)..<20 {
            let value = table[fd].pointee
            #expect(value == [Int(fd)])
        }
        let hasForty = table.contains(40)
        #expect(!hasForty)
        let shrankAgain = table.shrink(toFit: 19)
        #expect(!shrankAgain)
        table.prepare(4000).pointee = [1]
        #expect(table[4000].pointee == [1])
        #expect(table[3999].pointee == [])
    }

    @Test func datumRoundTripsEveryDescriptor() {
        for fd: Int32 in [0, 1, 1023, Int32.max] {
            #expect(EpollDatum(fileDescriptor: fd).fileDescriptor == fd)
        }
        #expect(EpollDatum(fileDescriptor: 7).rawValue == 7)
    }
}
