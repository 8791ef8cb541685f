import ArgumentParser
import Foundation

/// `podwatch top nodes|pods|processes`: the heaviest first, once or every `--interval` with `--watch`.
struct Top: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The heaviest nodes, pods or processes by CPU or memory.",
        discussion: "Processes are every process of every pod (and the node's own), as the agents saw them."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case nodes, pods, processes
    }

    enum Sort: String, ExpressibleByArgument, CaseIterable {
        case cpu, memory
    }

    @Argument(help: "nodes, pods or processes.")
    var kind: Kind

    @Option(help: "cpu or memory.")
    var sort: Sort = .cpu

    @Flag(help: "Refresh until interrupted.")
    var watch = false

    @Option(help: "Seconds between refreshes with --watch.")
    var interval: Int = 2

    @Option(help: "With --watch, stop after this many refreshes.")
    var count: Int?

    @Option(help: "Show at most this many rows.")
    var limit: Int = 50

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var selection: PodSelection
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...3600).contains(self.interval) else { throw ValidationError("--interval must be 1–3600 seconds") }
        guard (1...100_000).contains(self.limit) else { throw ValidationError("--limit must be 1–100000") }
        if let count = self.count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let client = try self.connection.client()
        var refreshes = 0
        while true {
            let rows = try await self.rows(client)
            if self.watch, Console.current.isTerminal, self.output.format == .table || self.output.wide {
                Console.current.out("\u{1B}[H\u{1B}[2J")
            } else if refreshes > 0 {
                Console.print("")
            }
            try self.output.emit(.array(rows.map(\.json))) {
                var table = Table(TopRow.headers(self.kind))
                for row in rows { table.append(row.cells) }
                return table
            }
            refreshes += 1
            guard self.watch, refreshes < (self.count ?? Int.max) else { return }
            try await Task.sleep(for: .seconds(self.interval))
        }
    }

    func rows(_ client: ServerClient) async throws -> [TopRow] {
        var rows: [TopRow]
        switch self.kind {
        case .nodes:
            let nodes = try await client.decode([API.Node].self, "/api/v1/nodes")
            rows = nodes.filter { self.selection.node == nil || $0.name == self.selection.node }.map(TopRow.init(node:))
        case .pods:
            rows = try await self.selection.pods(client).map { TopRow(node: $0.node, pod: $0.pod) }
        case .processes:
            rows = try await TopRow.processes(client, selection: self.selection)
        }
        let key: (TopRow) -> Double = { self.sort == .cpu ? $0.cpu ?? -1 : $0.memory ?? -1 }
        rows.sort { key($0) > key($1) }
        return Array(rows.prefix(self.limit))
    }
}
