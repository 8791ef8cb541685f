import Foundation

/// A throwaway certificate authority and a server certificate for 127.0.0.1, made with Debian's openssl: the
/// fake API server presents the server certificate, the agent trusts only the CA (as with a cluster's ca.crt).
struct TestCertificates {
    let directory: String
    var caCertificate: String { self.directory + "/ca.crt" }
    var serverCertificate: String { self.directory + "/server.crt" }
    var serverKey: String { self.directory + "/server.key" }

    init() throws {
        self.directory = NSTemporaryDirectory() + "podwatch-ca-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        let extensions = self.directory + "/san.ext"
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try Self.openssl(
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=podwatch-test-ca",
            "-keyout",
            self.directory + "/ca.key",
            "-out",
            self.caCertificate
        )
        try Self.openssl(
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=kubernetes",
            "-keyout",
            self.serverKey,
            "-out",
            self.directory + "/server.csr"
        )
        try Self.openssl(
            "x509",
            "-req",
            "-in",
            self.directory + "/server.csr",
            "-CA",
            self.caCertificate,
            "-CAkey",
            self.directory + "/ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            extensions,
            "-out",
            self.serverCertificate
        )
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    static func openssl(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(data: errors.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
            throw CertificateError(description: "openssl \(arguments.first ?? ""): \(message)")
        }
    }

    struct CertificateError: Error, CustomStringConvertible {
        var description: String
    }
}
