#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Directory listings without stat: names only, as `getdents` returns them.
public enum Directory: Sendable {
    /// The entry names of `path` except `.` and `..`. Throws ``KernelStatsError/Kind/gone`` if it does not exist.
    public static func names(_ path: String) throws(KernelStatsError) -> [String] {
        var result: [String] = []
        try Self.forEachEntry(path) { name in
            result.append(String(decoding: name, as: UTF8.self))
        }
        return result
    }

    /// The numeric entries of a procfs directory (the PIDs in `/proc`, the threads in `/proc/PID/task`),
    /// parsed straight from the entry bytes.
    public static func pids(_ path: String) throws(KernelStatsError) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(1024)
        try Self.forEachEntry(path) { name in
            var value: Int32 = 0
            for byte in name {
                let digit = byte &- 0x30
                guard digit < 10, value < Int32.max / 10 - 9 else { return }
                value = value * 10 + Int32(digit)
            }
            if !name.isEmpty { result.append(value) }
        }
        return result
    }

    private static func forEachEntry(
        _ path: String,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(KernelStatsError) {
        guard let stream = opendir(path) else {
            let code = errno
            let kind: KernelStatsError.Kind = code == ENOENT ? .gone : .unreadable
            throw KernelStatsError(kind, file: path, detail: "opendir: errno \(code)")
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                let name = UnsafeBufferPointer(rebasing: bytes[0..<length])
                if name.count == 1 && name[0] == 0x2E { return }
                if name.count == 2 && name[0] == 0x2E && name[1] == 0x2E { return }
                body(name)
            }
        }
    }
}
