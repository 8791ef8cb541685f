/// The cgroup-v2 "flat keyed" format (`Documentation/admin-guide/cgroup-v2.rst`), also used by
/// /proc/vmstat and several cgroup-v1 files: one `key value` pair per line.
///
/// Example (`cpu.stat`): `usage_usec 3047912`
public enum FlatKeyed: Sendable {
    /// Calls `body` with each key and its unsigned value. Blank lines are skipped; a line with no
    /// value or a non-numeric value is an error naming the line.
    static func forEach(
        _ bytes: KernelBytes,
        file: String,
        _ body: (KernelBytes, UInt64) -> Void
    ) throws(KernelStatsError) {
        for (number, line) in Lines(bytes) {
            var fields = Fields(line)
            guard let key = fields.next() else { continue }
            guard let valueText = fields.next() else {
                throw KernelStatsError(.truncated, file: file, line: number, text: line, detail: "expected `key value`")
            }
            guard let value = valueText.asUInt64 else {
                throw KernelStatsError(
                    .malformed,
                    file: file,
                    line: number,
                    text: line,
                    detail: "value is not a number"
                )
            }
            body(key, value)
        }
    }

    /// Every pair, keyed by name. A repeated key keeps the last value.
    static func dictionary(_ bytes: KernelBytes, file: String) throws(KernelStatsError) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        try Self.forEach(bytes, file: file) { key, value in result[key.string] = value }
        return result
    }
}

/// A file holding one value or the word `max` (`memory.max`, `pids.max`, `memory.current`).
///
/// Example: `max` or `536870912`
public struct SingleValue: KernelFileParsable, Hashable, Codable {
    public static let fileName = "cgroup single-value file"
    /// The number, or nil for `max` (no limit).
    public var value: UInt64?

    public init(value: UInt64?) {
        self.value = value
    }

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        let text = bytes.trimmed
        guard !text.isEmpty else { throw KernelStatsError(.empty, file: Self.fileName, detail: "expected a value") }
        if text.equals("max") {
            self.value = nil
            return
        }
        // cgroup v1 writes "no limit" as PAGE_COUNTER_MAX pages (9223372036854771712) or -1 for quotas.
        if text.equals("-1") {
            self.value = nil
            return
        }
        guard let value = text.asUInt64 else {
            throw KernelStatsError(
                .malformed,
                file: Self.fileName,
                line: 1,
                text: text,
                detail: "expected a number or `max`"
            )
        }
        self.value = value >= 0x7FFF_FFFF_FFFF_F000 ? nil : value
    }
}

extension FlatKeyed {
    /// The values of `keys` (in that order; nil when a key is absent), without building a dictionary:
    /// the hot path for cgroup files read every pass.
    public static func select(
        _ bytes: ArraySlice<UInt8>,
        file: String,
        keys: [StaticString]
    ) throws(KernelStatsError) -> [UInt64?] {
        let result: Result<[UInt64?], KernelStatsError> = bytes.withUnsafeBufferPointer { buffer in
            var values = [UInt64?](repeating: nil, count: keys.count)
            do throws(KernelStatsError) {
                try Self.forEach(buffer[...], file: file) { key, value in
                    for index in keys.indices where key.equals(keys[index]) {
                        values[index] = value
                        return
                    }
                }
            } catch {
                return .failure(error)
            }
            return .success(values)
        }
        return try result.get()
    }
}
