import Synchronization

/// UI logins when an admin token is set: the login form checks the token once and hands out a random session
/// cookie (the token itself never goes into a cookie). Sessions last 12 hours and live in memory: a restart
/// asks for the token again.
final class AdminSessions: Sendable {
    private let sessions = Mutex<[String: ContinuousClock.Instant]>([:])
    static let lifetime: Duration = .seconds(12 * 3600)
    static let cookie = "podwatch_admin"

    func create() -> String {
        let id = RandomToken.hex(bytes: 32)
        let now = ContinuousClock.now
        self.sessions.withLock { sessions in
            sessions = sessions.filter { now - $0.value < Self.lifetime }
            if sessions.count > 10_000, let oldest = sessions.min(by: { $0.value < $1.value }) {
                sessions[oldest.key] = nil
            }
            sessions[id] = now
        }
        return id
    }

    func isValid(_ id: String?) -> Bool {
        guard let id else { return false }
        let now = ContinuousClock.now
        return self.sessions.withLock { sessions in
            guard let created = sessions[id] else { return false }
            return now - created < Self.lifetime
        }
    }

    func end(_ id: String?) {
        guard let id else { return }
        _ = self.sessions.withLock { $0.removeValue(forKey: id) }
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
