import BenchSupport
import EchoServer
import Glibc
@testable import LoadGenerator
import Testing
@testable import Reporting

/// GET `path` from 127.0.0.1:`port` with a blocking socket; the whole response (`Connection: close`).
func httpGet(port: UInt16, _ path: String, method: String = "GET") -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return "connect failed" }
    let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        response += buffer[..<n]
    }
    return String(decoding: response, as: UTF8.self)
}

/// The body of an HTTP response.
func body(_ response: String) -> String {
    guard let range = response.firstRange(of: "\r\n\r\n") else { return "" }
    return String(response[range.upperBound...])
}

@Suite("Live dashboard")
struct DashboardTests {
    @Test("request heads: GET with ?since, other methods, garbage, oversize, incomplete")
    func requests() {
        #expect(DashboardRequest.parse(Array("GET /data.json?since=7 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == .get(path: "/data.json", since: 7))
        #expect(DashboardRequest.parse(Array("GET / HTTP/1.0\r\n\r\n".utf8)) == .get(path: "/", since: 0))
        #expect(DashboardRequest.parse(Array("GET /data.json?since=-3 HTTP/1.1\r\n\r\n".utf8)) == .get(path: "/data.json", since: 0))
        #expect(DashboardRequest.parse(Array("POST / HTTP/1.1\r\n\r\n".utf8)) == .methodNotAllowed)
        #expect(DashboardRequest.parse(Array("GET / HTTP/1.1\r\nHost".utf8)) == .incomplete)
        #expect(DashboardRequest.parse(Array("\u{16}\u{3}\u{1} hello\r\n\r\n".utf8)) == .bad)
        #expect(DashboardRequest.parse([UInt8](repeating: 65, count: 9000)) == .bad)
    }

    @Test("the feed hands out samples from an index on, and says when the run is over")
    func feed() throws {
        let feed = DashboardFeed(title: "t")
        var progress = LoadProgress(elapsedSeconds: 1, counters: LoadCounters(), p50Nanoseconds: 80_000, p99Nanoseconds: 900_000)
        progress.counters.messagesReceived = 1000
        feed.publish(progress)
        progress.elapsedSeconds = 2
        progress.counters.messagesReceived = 3000
        feed.publish(progress)
        let all = try JSONValue.parse(feed.json(since: 0))
        #expect(all["next"]?.double == 2)
        #expect(all["samples"]?.array?.map { $0["msgs_per_s"]?.double } == [1000, 2000])
        #expect(all["samples"]?.array?.first?["p99_us"]?.double == 900)
        let later = try JSONValue.parse(feed.json(since: 1))
        #expect(later["samples"]?.array?.count == 1)
        #expect(try JSONValue.parse(feed.json(since: 5))["samples"]?.array?.isEmpty == true)
        feed.finish("done")
        #expect(try JSONValue.parse(feed.json(since: 2))["finished"] == .bool(true))
    }

    /// A real run on loopback: the dashboard answers while the load is live, with that run's figures.
    @Test("fetched while a real run is live: page, data with the run's connections and rates, 404")
    func live() throws {
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.port = 0
        serverConfiguration.threads = 1
        let server = try EchoServer.start(serverConfiguration)
        defer {
            server.stop()
            _ = server.wait()
        }
        var configuration = LoadConfiguration(target: TargetURL("ws://127.0.0.1:\(server.port)\(ServerConfiguration.defaultPath)")!)
        configuration.threads = 1
        configuration.connections = 4
        configuration.durationSeconds = 30  // an upper bound: stopped below once the dashboard was read
        configuration.drainSeconds = 2
        let feed = DashboardFeed(title: "test run")
        let dashboard = try DashboardServer.start(port: 0, feed: feed)
        defer { dashboard.stop() }
        let run = try LoadRun.start(configuration)
        // What LoadCommand does once a second: publish the progress (here every 200 ms, until the
        // samples show every connection open and echoes counted; at most 15 s).
        var live: JSONValue? = nil
        for _ in 0..<75 where !run.isFinished {
            usleep(200_000)
            feed.publish(run.progress())
            let data = try JSONValue.parse(body(httpGet(port: dashboard.port, "/data.json")))
            if let last = data["samples"]?.array?.last, last["open"]?.double == 4, (last["msgs_per_s"]?.double ?? 0) > 0 {
                live = data
                break
            }
        }
        let page = httpGet(port: dashboard.port, "/")
        let missing = httpGet(port: dashboard.port, "/nope")
        run.stop()
        let result = run.wait()
        feed.finish("over")
        let after = try JSONValue.parse(body(httpGet(port: dashboard.port, "/data.json?since=1000")))

        let data = try #require(live, "the dashboard never showed 4 open connections with echoes")
        #expect(data["title"] == .string("test run"))
        #expect(data["finished"] == .bool(false))
        let last = try #require(data["samples"]?.array?.last)
        #expect(last["errors"]?.double == 0)
        #expect((last["p50_us"]?.double ?? 0) > 0)
        #expect(page.hasPrefix("HTTP/1.1 200 OK") && page.contains("text/html") && body(page).contains("wsbench live") && body(page).contains("/data.json?since="))
        #expect(missing.hasPrefix("HTTP/1.1 404"))
        #expect(after["finished"] == .bool(true) && after["phase"] == .string("over"))
        #expect(result.counters.totalErrors == 0)
    }
}
