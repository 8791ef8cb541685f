import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// Reads an environment variable; unset and empty are the same (a Kubernetes env entry with no value).
enum EnvironmentVariable {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A whole number, or a usage error naming the variable (the value shown without control characters).
    static func integer(_ name: String) throws -> Int? {
        guard let text = Self.value(name) else { return nil }
        guard let number = Int(text) else {
            let shown = String(
                String.UnicodeScalarView(
                    text.unicodeScalars.prefix(64).map { $0.properties.generalCategory == .control ? "?" : $0 }
                )
            )
            throw ValidationError("\(name): '\(shown)' is not a whole number")
        }
        return number
    }
}
