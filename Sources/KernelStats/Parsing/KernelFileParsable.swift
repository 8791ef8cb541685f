/// The bytes a parser reads: a window on a reader's buffer, valid only for the duration of the parse.
///
/// Parsers work on unsafe buffer slices rather than `ArraySlice` because every `ArraySlice` copy retains
/// the array: with ~60 fields per process per pass, that reference counting alone cost more than parsing.
public typealias KernelBytes = Slice<UnsafeBufferPointer<UInt8>>

/// A value parsed from the whole text of one kernel file.
///
/// Parsers are pure: they take the bytes a reader produced and return a value or a ``KernelStatsError``
/// naming ``fileName`` and the line. Readers replace the file name with the real path when they rethrow.
public protocol KernelFileParsable: Sendable {
    /// The canonical file name used in errors, e.g. `/proc/[pid]/stat`.
    static var fileName: String { get }
    /// Parses the complete contents of the file. `bytes` must not escape the call.
    init(parsing bytes: KernelBytes) throws(KernelStatsError)
}

extension KernelFileParsable {
    /// Parses bytes held in an array (what ``KernelFile/read(into:)`` returns).
    public init(parsing bytes: ArraySlice<UInt8>) throws(KernelStatsError) {
        let result: Result<Self, KernelStatsError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(KernelStatsError) {
                return .success(try Self(parsing: buffer[...]))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses text (tests and fixtures).
    public init(parsing text: String) throws(KernelStatsError) {
        try self.init(parsing: Array(text.utf8)[...])
    }
}
