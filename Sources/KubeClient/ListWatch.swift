import Kube
import Logging

/// One LIST-then-WATCH loop (what client-go calls a reflector) for one resource and selector.
///
/// LIST, then WATCH from the list's resourceVersion with bookmarks, re-WATCH from the newest version when the
/// server ends the stream, LIST again on 410 Expired (as an HTTP status or as an ERROR event inside a 200
/// stream), and back off 1 s → 30 s on any other error while keeping the last known objects. Never throws;
/// returns when its task is cancelled.
struct ListWatch<Object: KubeObject>: Sendable {
    enum Change: Sendable {
        case replace([Object])
        case upsert(Object)
        case delete(Object)
    }

    let client: KubeAPIClient
    /// `/api/v1/pods`, `/api/v1/nodes`.
    let path: String
    let fieldSelector: String
    /// Each WATCH asks the server to end it after a random time in this range (spreads agents' reconnects).
    let timeoutSeconds: ClosedRange<Int>
    let logger: Logger
    let apply: @Sendable (Change) -> Void
    /// nil: healthy; else the last error, for the UI.
    let report: @Sendable (String?) -> Void
    /// The loop starts over: `expired` (LIST again) or `error` (after its backoff).
    var restarted: @Sendable (String) -> Void = { _ in }

    func run() async {
        var backoff = Backoff()
        var version: String?
        var expiredInARow = 0
        while !Task.isCancelled {
            do {
                if version == nil {
                    let list = try await self.client.list(
                        Object.self,
                        path: self.path,
                        fieldSelector: self.fieldSelector
                    )
                    self.apply(.replace(list.items))
                    version = list.metadata.resourceVersion ?? ""
                    self.report(nil)
                    self.logger.info(
                        "Listed",
                        metadata: [
                            "resource": "\(self.path)", "count": "\(list.items.count)", "version": "\(version ?? "")",
                        ]
                    )
                }
                let started = ContinuousClock.now
                try await self.client.watch(
                    Object.self,
                    path: self.path,
                    fieldSelector: self.fieldSelector,
                    resourceVersion: version ?? "",
                    timeoutSeconds: Int.random(in: self.timeoutSeconds)
                ) { (event: WatchEvent<Object>) throws(KubeAPIError) in
                    switch event {
                    case .added(let object), .modified(let object):
                        self.apply(.upsert(object))
                        version = object.metadata.resourceVersion ?? version
                    case .deleted(let object):
                        self.apply(.delete(object))
                        version = object.metadata.resourceVersion ?? version
                    case .bookmark(let resourceVersion):
                        version = resourceVersion
                    case .error(let code, let message):
                        throw KubeAPIError(status: code, "GET \(self.path) (watch): \(code) \(message)")
                    }
                    expiredInARow = 0
                    backoff.reset()
                    self.report(nil)
                }
                // The server ended the stream after timeoutSeconds: watch again from the newest version. A stream
                // that ends at once (a proxy closing it, say) waits its backoff first rather than spinning.
                self.report(nil)
                if ContinuousClock.now - started < .seconds(1) { await self.pause(&backoff) }
            } catch let error where error.isExpired {
                // Our resourceVersion is older than the server keeps: LIST again (at once the first time).
                self.logger.info("Watch expired; listing again", metadata: ["resource": "\(self.path)"])
                self.restarted("expired")
                version = nil
                expiredInARow += 1
                if expiredInARow > 1 { await self.pause(&backoff) }
            } catch {
                self.restarted("error")
                self.report(error.description)
                self.logger.warning(
                    "Kubernetes API call failed; keeping the last known objects",
                    metadata: ["resource": "\(self.path)", "error": "\(error)"]
                )
                await self.pause(&backoff)
            }
        }
    }

    private func pause(_ backoff: inout Backoff) async {
        try? await Task.sleep(for: backoff.next())
    }
}
