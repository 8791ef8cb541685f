import Foundation

/// A POSIX ustar archive of regular files: what a recording downloads as (no library in the mirror writes tar,
/// and ZIPFoundation's zlib module collides with ours by name). Names are ours (`<recording>/<level>.csv`).
enum TarArchive {
    static func make(_ files: [(name: String, data: Data)]) -> Data {
        var archive = Data()
        for file in files {
            archive.append(Self.header(name: file.name, size: file.data.count))
            archive.append(file.data)
            archive.append(Data(count: (512 - file.data.count % 512) % 512))
        }
        archive.append(Data(count: 1024))
        return archive
    }

    static func header(name: String, size: Int) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (index, byte) in text.utf8.prefix(length).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            let digits = String(value, radix: 8)
            put(
                String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits,
                at: offset,
                length: length - 1
            )
        }
        put(name, at: 0, length: 100)
        octal(0o644, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size, at: 124, length: 12)
        octal(Int(Date().timeIntervalSince1970), at: 136, length: 12)
        put("        ", at: 148, length: 8)
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        let checksum = block.reduce(0) { $0 + Int($1) }
        let digits = String(checksum, radix: 8)
        put(String(repeating: "0", count: max(0, 6 - digits.count)) + digits, at: 148, length: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return Data(block)
    }
}
