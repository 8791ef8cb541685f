import CSV
import Foundation

/// Rows as CSV bytes, written by CSV.swift (quoting, escaping) into memory and appended to a file in one write.
enum CSVBlock {
    /// The rows, each ended by a newline (CSVWriter separates rows; the last one's newline is ours, so that blocks
    /// appended one after another stay one valid file).
    static func encode(_ rows: [[String]]) throws -> Data {
        guard !rows.isEmpty else { return Data() }
        let stream = OutputStream.toMemory()
        stream.open()
        let writer = try CSVWriter(stream: stream)
        for row in rows { try writer.write(row: row) }
        stream.close()
        guard var data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw RecordingError.storage("the CSV writer produced nothing")
        }
        data.append(0x0A)
        return data
    }
}
