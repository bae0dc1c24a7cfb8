import BenchSupport
import Glibc
import Testing

@Suite struct FileSystemTests {
    /// A fresh directory under /tmp, removed with everything in it after `body`.
    func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/wsbench-support-XXXXXX".utf8CString)
        let made = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) })
        let directory = String(cString: made)
        defer { _ = system("rm -rf '\(directory)'") }
        try body(directory)
    }

    @Test func writesReadsAndReplacesText() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/a.txt"
            try FileSystem.write("first, ünïcödé\n", to: path)
            #expect(try FileSystem.read(path) == "first, ünïcödé\n")
            try FileSystem.write("second\n", to: path)
            #expect(try FileSystem.read(path) == "second\n")
        }
    }

    @Test func appendsAfterWhatIsThere() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/rows.csv"
            #expect(!FileSystem.exists(path))
            try FileSystem.append("a\n", to: path)
            #expect(FileSystem.exists(path))
            try FileSystem.append("b\n", to: path)
            #expect(try FileSystem.read(path) == "a\nb\n")
        }
    }

    @Test func readsFilesLargerThanOneChunkWhole() throws {
        try withTemporaryDirectory { directory in
            let text = String(repeating: "0123456789abcdef", count: 20_000)  // 320,000 bytes
            try FileSystem.write(text, to: directory + "/big")
            #expect(try FileSystem.read(directory + "/big") == text)
        }
    }

    @Test func readsProcFilesThatReportNoSize() throws {
        let status = try FileSystem.read("/proc/self/status")
        #expect(status.contains("VmRSS:"))
    }

    @Test func makesNestedDirectoriesAndListsThem() throws {
        try withTemporaryDirectory { directory in
            try FileSystem.makeDirectories(directory + "/cells/one")
            try FileSystem.makeDirectories(directory + "/cells/one")  // already there: fine
            try FileSystem.write("x", to: directory + "/cells/two.json")
            #expect(try FileSystem.directoryEntries(directory + "/cells").sorted() == ["one", "two.json"])
        }
    }

    @Test func failuresSayWhatAndWhere() {
        #expect(throws: FileSystemError.self) { try FileSystem.read("/nonexistent/wsbench/file") }
        do {
            try FileSystem.write("x", to: "/nonexistent/wsbench/file")
            Issue.record("wrote")
        } catch {
            #expect(error.description == "cannot write /nonexistent/wsbench/file: No such file or directory")
        }
        #expect(throws: FileSystemError.self) { try FileSystem.directoryEntries("/nonexistent/wsbench") }
    }
}
