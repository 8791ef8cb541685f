import Synchronization

/// Caps the ingest port's open connections, in all and per source address, before a connection may send a
/// byte (security review H3: connections were unlimited, so any pod could hold the server's descriptors).
/// An agent keeps one connection; a reconnect overlaps its predecessor for a moment.
package final class ConnectionLimiter: Sendable {
    package let total: Int
    package let perAddress: Int
    private let open = Mutex<(count: Int, byAddress: [String: Int])>((0, [:]))

    /// `0` means no cap.
    package init(total: Int, perAddress: Int) {
        self.total = total
        self.perAddress = perAddress
    }

    package enum Refusal: Sendable, Equatable {
        case total(Int)
        case address(Int)
    }

    /// Takes a place for a connection from `address`, or says which cap it hit.
    package func admit(_ address: String) -> Refusal? {
        self.open.withLock { open in
            if self.total > 0, open.count >= self.total { return .total(self.total) }
            let fromAddress = open.byAddress[address] ?? 0
            if self.perAddress > 0, fromAddress >= self.perAddress { return .address(self.perAddress) }
            open.count += 1
            open.byAddress[address] = fromAddress + 1
            return nil
        }
    }

    /// Gives back the place of a closed connection.
    package func release(_ address: String) {
        self.open.withLock { open in
            open.count -= 1
            let remaining = (open.byAddress[address] ?? 1) - 1
            open.byAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    /// Connections open now.
    package var count: Int { self.open.withLock { $0.count } }
}
