import ArgumentParser
import Foundation

/// `podwatch nodes`: every node the server knows, as `kubectl get nodes` lists them.
struct Nodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the nodes and their latest figures.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try self.connection.client()
        let (nodes, document) = try await client.fetch([API.Node].self, "/api/v1/nodes")
        let now = Date().timeIntervalSince1970 * 1000
        try self.output.emit(document) {
            var headers = ["NAME", "STATUS", "CPU%", "MEMORY%", "LOAD", "PODS", "PROCESSES", "LAST-SEEN"]
            if self.output.wide { headers += ["NETWORK", "DISK", "AGENT"] }
            var table = Table(headers)
            for node in nodes {
                var row = [
                    node.name, node.stale ? "Stale" : "Live", Quantity.percent(node.cpuBusyPercent),
                    Quantity.percent(node.memoryUsedPercent),
                    Quantity.number(node.load1.map { ($0 * 100).rounded() / 100 }),
                    "\(node.pods)", "\(node.processes)",
                    Quantity.age(milliseconds: node.lastSeenMilliseconds, now: now),
                ]
                if self.output.wide {
                    row += [
                        Quantity.rate(node.networkBytesPerSecond), Quantity.rate(node.diskBytesPerSecond),
                        node.connected == false ? "disconnected" : "connected",
                    ]
                }
                table.append(row)
            }
            return table
        }
    }
}
