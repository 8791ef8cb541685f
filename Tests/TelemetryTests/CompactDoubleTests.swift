import Foundation
import Telemetry
import Testing

/// Rates keep their unknowns as NaN in 8 bytes (``CompactDouble``); they must read, compare and encode exactly as
/// the `Double?` they were.
struct CompactDoubleTests {
    struct Plain: Codable, Equatable {
        var a: Double?
        var b: Double?
    }

    struct Compact: Codable, Hashable {
        @CompactDouble var a: Double?
        @CompactDouble var b: Double?
    }

    @Test func itEncodesAndDecodesAsAnOptional() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var compact = Compact()
        compact.a = 1.5
        let plain = Plain(a: 1.5, b: nil)
        let json = try encoder.encode(compact)
        #expect(json == (try encoder.encode(plain)))
        #expect(String(decoding: json, as: UTF8.self) == #"{"a":1.5}"#)
        #expect(try JSONDecoder().decode(Compact.self, from: json) == compact)
        #expect(try JSONDecoder().decode(Compact.self, from: Data(#"{"a":null,"b":2}"#.utf8)).b == 2)
    }

    @Test func unknownAndNaNReadAsNilAndEqual() {
        var one = Compact()
        var two = Compact()
        #expect(one.a == nil && one == two)
        one.a = .nan
        #expect(one.a == nil && one == two && one.hashValue == two.hashValue)
        two.b = -0.25
        #expect(two.b == -0.25 && one != two)
        #expect(MemoryLayout<CompactDouble>.size == 8)
        #expect(MemoryLayout<ProcessRates>.stride < MemoryLayout<Double?>.stride * 7)
    }
}
