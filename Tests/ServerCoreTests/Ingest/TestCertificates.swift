import Foundation

/// A throwaway PKI made by Debian's openssl for one test: a CA, a server certificate it signed for `localhost` and
/// 127.0.0.1, and a second CA that signed nothing the server shows.
struct TestCertificates {
    let directory: URL
    var ca: String { self.directory.appendingPathComponent("ca.pem").path }
    var otherCA: String { self.directory.appendingPathComponent("other-ca.pem").path }
    var serverCertificate: String { self.directory.appendingPathComponent("server.pem").path }
    var serverKey: String { self.directory.appendingPathComponent("server.key").path }

    init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "podwatch-tls-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for name in ["ca", "other-ca"] {
            try self.openssl(
                ["req", "-x509"] + ec + [
                    "-keyout", "\(name).key", "-out", "\(name).pem", "-days", "1", "-subj", "/CN=\(name)",
                ]
            )
        }
        try self.openssl(
            ["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=podwatch-server"]
        )
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8).write(
            to: self.directory.appendingPathComponent("san.ext")
        )
        try self.openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
            "server.pem", "-days", "1", "-extfile", "san.ext",
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = self.directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("openssl \(arguments.joined(separator: " ")) failed")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.directory)
    }
}
