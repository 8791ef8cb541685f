#if canImport(Glibc)
import Glibc
#endif

/// Writes bytes to standard output unbuffered (large JSON documents).
enum StandardOutput {
    static func write(_ bytes: some Collection<UInt8>) {
        var data = Array(bytes)
        data.append(0x0A)
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
