import ArgumentParser
import BenchSupport
import Reporting

/// `--dashboard`, `--dashboard-host`: the live dashboard shared by `load` and `matrix` (its own
/// thread; it serves what the command publishes to its ``DashboardFeed`` once a second).
struct DashboardOptions: ParsableArguments {
    @Option(help: "Serve a live dashboard (throughput, latency, connections, errors each second; in a matrix, of the running cell) on this port (0 = any free port; the URL is printed).")
    var dashboard: UInt16?
    @Option(help: "The address the dashboard listens on (default loopback).")
    var dashboardHost = "127.0.0.1"

    /// The dashboard's feed and server when `--dashboard` was given (nil otherwise); a port that
    /// cannot be served ends `wsbench COMMAND` with exit 2.
    func start(command: String, title: String) throws -> (feed: DashboardFeed, server: DashboardServer)? {
        guard let port = dashboard else { return nil }
        let feed = DashboardFeed(title: title)
        do {
            let server = try DashboardServer.start(host: dashboardHost, port: port, feed: feed)
            printError("wsbench \(command): dashboard at http://\(dashboardHost):\(server.port)/")
            return (feed, server)
        } catch {
            printError("wsbench \(command): --dashboard: \(error)")
            throw ExitCode(2)
        }
    }
}
