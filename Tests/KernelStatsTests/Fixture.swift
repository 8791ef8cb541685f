import Foundation
import KernelStats
import Telemetry
import Testing

/// Paths and bytes of the fixture files (real kernel output; see the READMEs beside them).
enum Fixture {
    static var root: String {
        guard let path = Bundle.module.resourcePath else { preconditionFailure("test bundle has no resources") }
        return "\(path)/Fixtures"
    }

    static func path(_ relative: String) -> String { "\(Self.root)/\(relative)" }

    static func bytes(_ relative: String) throws -> ArraySlice<UInt8> {
        var buffer = ReadBuffer()
        return try KernelFile.readOnce(Self.path(relative), into: &buffer)
    }

    static func text(_ relative: String) throws -> String {
        String(decoding: try Self.bytes(relative), as: UTF8.self)
    }
}

/// Asserts that parsing `text` as `T` throws a KernelStatsError of `kind`, and returns it.
@discardableResult
func expectParseError<T: KernelFileParsable>(
    _ type: T.Type,
    _ text: String,
    _ kind: KernelStatsError.Kind,
    sourceLocation: SourceLocation = #_sourceLocation
) -> KernelStatsError? {
    do {
        _ = try T(parsing: text)
        Issue.record(
            "expected \(kind) error for \(T.self), parsed fine: \(text.debugDescription)",
            sourceLocation: sourceLocation
        )
        return nil
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    }
}
