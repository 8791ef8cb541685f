import Kube

/// A failed API call: the HTTP status when there was one, and a sentence for the log and the UI.
public struct KubeAPIError: Error, Sendable, CustomStringConvertible {
    /// 401, 403, 410, 500, …; nil for transport failures (refused, reset, TLS, timeout).
    public var status: Int?
    public var description: String

    public init(status: Int?, _ description: String) {
        self.status = status
        self.description = description
    }

    /// 410 Gone / Expired: the resourceVersion is too old; LIST again.
    public var isExpired: Bool { self.status == 410 }

    init(_ error: KubeError) {
        self.init(status: nil, error.description)
    }
}
