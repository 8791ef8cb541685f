import Foundation

/// A throwaway PKI made by Debian's openssl for one test: a CA, a server certificate it signed for `localhost` and
/// 127.0.0.1, and a second CA that signed nothing the server shows. The CA file is `ca.crt`, the name a service
/// account's CA bundle has.
public struct TestCertificates: Sendable {
    public let directory: String
    public var ca: String { self.directory + "/ca.crt" }
    public var otherCA: String { self.directory + "/other-ca.crt" }
    public var serverCertificate: String { self.directory + "/server.crt" }
    public var serverKey: String { self.directory + "/server.key" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init() throws {
        self.directory = NSTemporaryDirectory() + "podwatch-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for name in ["ca", "other-ca"] {
            try self.openssl(
                ["req", "-x509"] + ec + [
                    "-keyout", "\(name).key", "-out", "\(name).crt", "-days", "1", "-subj", "/CN=\(name)",
                ]
            )
        }
        try self.openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=podwatch-test"])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(
            toFile: self.directory + "/san.ext",
            atomically: true,
            encoding: .utf8
        )
        try self.openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
            "server.crt", "-days", "1", "-extfile", "san.ext",
        ])
    }

    /// A file in the directory (removed with it).
    public func path(_ name: String) -> String { self.directory + "/" + name }

    public func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: self.directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed")
        }
    }
}
