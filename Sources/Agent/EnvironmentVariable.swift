#if canImport(Glibc)
import Glibc
#endif

/// Reads an environment variable; unset and empty are the same (a Kubernetes env entry with no value).
enum EnvironmentVariable {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
