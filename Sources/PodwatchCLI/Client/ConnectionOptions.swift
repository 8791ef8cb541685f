import ArgumentParser
import Foundation
import NIOCore

/// Which server to talk to and with which tokens: flags first, then the environment, then the config file's
/// context, then http://127.0.0.1:8080.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The server's URL, e.g. https://podwatch.example.com (env PODWATCH_SERVER).")
    var server: String?

    @Option(help: "The read token (env PODWATCH_TOKEN).")
    var token: String?

    @Option(help: "The admin token, for writes (env PODWATCH_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(help: "A context of the config file (env PODWATCH_CONTEXT; default: its current-context).")
    var context: String?

    @Option(help: "The config file (env PODWATCH_CONFIG; default ~/.config/podwatch/config.yaml).")
    var config: String?

    @Option(
        help: "PEM file of the CA that signed the server's certificate (env PODWATCH_CA_FILE; default: the system's)."
    )
    var caFile: String?

    @Option(help: "Seconds to wait for each answer.")
    var requestTimeout: Int = 30

    func validate() throws {
        guard (1...3600).contains(self.requestTimeout) else {
            throw ValidationError("--request-timeout must be 1–3600 seconds")
        }
    }

    func client() throws -> ServerClient {
        let environment = Console.current.environment
        let named = self.config ?? environment["PODWATCH_CONFIG"]
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = named ?? home + "/.config/podwatch/config.yaml"
        let context = try ClientConfig.load(path: path, named: named != nil)?
            .context(named: self.context ?? environment["PODWATCH_CONTEXT"])
        let server =
            self.server ?? environment["PODWATCH_SERVER"] ?? context?.server ?? "http://127.0.0.1:8080"
        let token =
            try self.token ?? environment["PODWATCH_TOKEN"] ?? context?.token
            ?? Self.read(context?.tokenFile)
        let admin =
            try self.adminToken ?? environment["PODWATCH_ADMIN_TOKEN"] ?? context?.adminToken
            ?? Self.read(context?.adminTokenFile)
        return try ServerClient(
            server: server,
            readToken: token ?? admin,
            adminToken: admin ?? token,
            timeout: .seconds(Int64(self.requestTimeout)),
            caFile: self.caFile ?? environment["PODWATCH_CA_FILE"]
        )
    }

    private static func read(_ path: String?) throws -> String? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path), data.count < 4096 else {
            throw CLIError(.usage, "cannot read the token file \(path)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
