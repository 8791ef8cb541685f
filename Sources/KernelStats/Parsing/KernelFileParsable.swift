/// A value parsed from the whole text of one kernel file.
///
/// Parsers are pure: they take the bytes a reader produced and return a value or a ``KernelStatsError``
/// naming ``fileName`` and the line. Readers replace the file name with the real path when they rethrow.
public protocol KernelFileParsable: Sendable {
    /// The canonical file name used in errors, e.g. `/proc/[pid]/stat`.
    static var fileName: String { get }
    /// Parses the complete contents of the file.
    init(parsing bytes: ArraySlice<UInt8>) throws(KernelStatsError)
}

extension KernelFileParsable {
    /// Parses text (tests and fixtures).
    public init(parsing text: String) throws(KernelStatsError) {
        try self.init(parsing: Array(text.utf8)[...])
    }
}
