import KernelStats
import Telemetry

/// Reads `net/dev` once per network namespace per pass, through the file of one process in it (kept open
/// within the collector's descriptor budget).
///
/// When that process exits its file fails, and the next process seen in the namespace takes over.
final class NetworkNamespaces {
    private let procRoot: String
    private let budget: DescriptorBudget
    /// Namespace → the process whose file is read, and the file. The process must still be in the namespace
    /// this pass (a file opened afresh by path could otherwise be a recycled PID's, in another namespace).
    private var files: [UInt64: (pid: Int32, file: PolledFile)] = [:]

    init(procRoot: String, budget: DescriptorBudget) {
        self.procRoot = procRoot
        self.budget = budget
    }

    /// `members`: namespace inode → PIDs seen in it this pass. The host namespace is skipped: the node
    /// reader already read it.
    func read(
        _ members: [UInt64: [Int32]],
        host: UInt64?,
        into buffer: inout ReadBuffer,
        pass: Int,
        issues: inout [CollectionIssue]
    ) -> [NetworkNamespace] {
        var next: [UInt64: (pid: Int32, file: PolledFile)] = [:]
        var result: [NetworkNamespace] = []
        for (inode, pids) in members where inode != host {
            var candidates = pids[...]
            var current = self.files[inode].flatMap { pids.contains($0.pid) ? $0 : nil }
            while true {
                guard var chosen = current else {
                    guard let pid = candidates.popFirst() else { break }
                    current = (pid, PolledFile())
                    continue
                }
                do {
                    let parsed = try chosen.file.parse(
                        NetDev.self,
                        "\(self.procRoot)/\(chosen.pid)/net/dev",
                        buffer: &buffer,
                        pass: pass,
                        budget: self.budget
                    )
                    result.append(NetworkNamespace(inode: inode, isHost: false, interfaces: parsed.interfaces))
                    next[inode] = chosen
                    break
                } catch  where error.kind == .gone {
                    current = nil
                } catch  where error.isOutOfDescriptors {
                    break  // counted by the budget, reported once per pass
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
