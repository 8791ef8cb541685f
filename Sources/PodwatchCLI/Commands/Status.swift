import ArgumentParser
import Foundation

/// `podwatch status`: is the server alive, which agents are connected, what version — kubemon's `alive`,
/// `daemons` and `instances` in one.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Whether the server is alive, its version, and the agents connected to it."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try self.connection.client()
        _ = try await client.get("/healthz")
        let server = try await client.decode(API.Server.self, "/api/v1/server")
        let nodes = try await client.decode([API.Node].self, "/api/v1/nodes")
        let stale = nodes.filter(\.stale).map(\.name)
        let document = JSONValue.object([
            "server": .string(client.base),
            "alive": .bool(true),
            "version": server.version.map(JSONValue.string) ?? .null,
            "agents": .array(server.connectedNodes.map(JSONValue.string)),
            "agentsAuthenticated": .bool(server.agentsAuthenticated),
            "nodes": .number(Double(nodes.count)),
            "staleNodes": .array(stale.map(JSONValue.string)),
            "snapshotsReceived": .number(Double(server.ingest.snapshotsReceived)),
            "snapshotsRefused": .number(Double(server.ingest.snapshotsRefused)),
        ])
        try self.output.emit(document) {
            var headers = ["SERVER", "STATUS", "VERSION", "AGENTS", "NODES", "STALE", "SNAPSHOTS"]
            if self.output.wide { headers += ["REFUSED", "CONNECTED"] }
            var table = Table(headers)
            var row = [
                client.base, "alive", server.version ?? "-", "\(server.connectedNodes.count)", "\(nodes.count)",
                "\(stale.count)", "\(server.ingest.snapshotsReceived)",
            ]
            if self.output.wide {
                row += ["\(server.ingest.snapshotsRefused)", server.connectedNodes.joined(separator: ",")]
            }
            table.append(row)
            return table
        }
    }
}
