import BenchSupport
import Testing

@Suite struct CSVTableTests {
    @Test func rendersAndParsesBack() {
        let text = CSVTable.render(header: ["cell", "msgs_per_s", "p99_us"], rows: [["x", "1", ""], ["y", "2.5", "10"]])
        #expect(text == "cell,msgs_per_s,p99_us\nx,1,\ny,2.5,10\n")
        let table = CSVTable(text: text)
        #expect(table.header == ["cell", "msgs_per_s", "p99_us"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0]["p99_us"] == "")
        #expect(table.rows[1]["msgs_per_s"] == "2.5")
    }
}
