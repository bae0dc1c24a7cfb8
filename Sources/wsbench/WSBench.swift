import ArgumentParser

/// The `wsbench` command: a WebSocket performance lab.
@main
struct WSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsbench",
        abstract: "A WebSocket performance lab: echo server, load generator, sweeps and regression gate.",
        subcommands: [
            ServeCommand.self, LoadCommand.self, MatrixCommand.self, CompareCommand.self, ReportCommand.self, MergeCommand.self,
        ]
    )
}
