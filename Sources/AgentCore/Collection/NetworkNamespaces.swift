import KernelStats
import Telemetry

/// Reads `net/dev` once per network namespace per pass, through a kept descriptor of one process in it.
///
/// When that process exits its descriptor fails, and the next process seen in the namespace takes over.
final class NetworkNamespaces {
    private let procRoot: String
    private var files: [UInt64: KernelFile] = [:]

    init(procRoot: String) {
        self.procRoot = procRoot
    }

    /// `members`: namespace inode → PIDs seen in it this pass. The host namespace is skipped: the node
    /// reader already read it.
    func read(
        _ members: [UInt64: [Int32]],
        host: UInt64?,
        into buffer: inout ReadBuffer,
        issues: inout [CollectionIssue]
    ) -> [NetworkNamespace] {
        var next: [UInt64: KernelFile] = [:]
        var result: [NetworkNamespace] = []
        for (inode, pids) in members where inode != host {
            var candidates = pids[...]
            var file = self.files[inode]
            while true {
                if file == nil {
                    guard let pid = candidates.popFirst() else { break }
                    file = try? KernelFile(path: "\(self.procRoot)/\(pid)/net/dev")
                    continue
                }
                guard let current = file else { break }
                do {
                    let parsed = try current.parse(NetDev.self, buffer: &buffer)
                    result.append(NetworkNamespace(inode: inode, isHost: false, interfaces: parsed.interfaces))
                    next[inode] = current
                    break
                } catch  where error.kind == .gone {
                    file = nil
                } catch {
                    issues.append(CollectionIssue(error))
                    break
                }
            }
        }
        self.files = next
        return result.sorted { $0.inode < $1.inode }
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension NetworkNamespaces: Sendable {}
