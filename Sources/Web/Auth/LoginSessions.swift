import HTTPTypes
import Hummingbird
import Synchronization

/// UI logins: the login form checks the read or the admin token once and hands out a random session cookie
/// (the token itself never goes into a cookie). A session carries what its token allows; sessions last 12 hours
/// and live in memory: a restart asks for the token again.
final class LoginSessions: Sendable {
    /// What a session may do.
    enum Role: Sendable, Hashable {
        /// Read every page and API (`--read-token`).
        case read
        /// Read, and change rules, dismiss alerts, run profiles (`--admin-token`).
        case admin
    }

    private let sessions = Mutex<[String: (created: ContinuousClock.Instant, role: Role)]>([:])
    static let lifetime: Duration = .seconds(12 * 3600)
    static let cookie = "podwatch_session"

    func create(_ role: Role) -> String {
        let id = RandomToken.hex(bytes: 32)
        let now = ContinuousClock.now
        self.sessions.withLock { sessions in
            sessions = sessions.filter { now - $0.value.created < Self.lifetime }
            if sessions.count > 10_000, let oldest = sessions.min(by: { $0.value.created < $1.value.created }) {
                sessions[oldest.key] = nil
            }
            sessions[id] = (now, role)
        }
        return id
    }

    /// The role of the request's session, if it has a live one.
    func role(of request: Request) -> Role? {
        guard let id = request.cookies[Self.cookie]?.value else { return nil }
        let now = ContinuousClock.now
        return self.sessions.withLock { sessions in
            guard let session = sessions[id], now - session.created < Self.lifetime else { return nil }
            return session.role
        }
    }

    func end(_ request: Request) {
        guard let id = request.cookies[Self.cookie]?.value else { return }
        _ = self.sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// The session cookie: HttpOnly and SameSite=Strict (``SecurityHeadersMiddleware`` adds Secure over HTTPS).
    static func cookie(_ id: String) -> Cookie {
        Cookie(name: Self.cookie, value: id, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// Whether the browser reached the server over HTTPS: the server itself speaks plain HTTP, so only an ingress
    /// or proxy in front of it knows, and says so in `X-Forwarded-Proto`.
    static func isHTTPS(_ request: Request) -> Bool {
        guard let name = HTTPField.Name("X-Forwarded-Proto"), let proto = request.headers[name] else { return false }
        return proto.split(separator: ",").first.map { $0.filter { $0 != " " }.lowercased() } == "https"
    }
}

/// Random tokens from the system's CSPRNG.
enum RandomToken {
    static func hex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
