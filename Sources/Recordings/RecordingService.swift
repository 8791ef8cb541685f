public import Logging
public import NodeStore
public import ServiceLifecycle
import Telemetry

/// Hands every snapshot that lands in the cache to the recordings (off the ingest path: the cache's observer
/// only yields into a bounded stream) and ends recordings whose time is up.
public struct RecordingService: Service {
    let store: RecordingStore
    let cache: LiveCache
    let logger: Logger

    public init(store: RecordingStore, cache: LiveCache, logger: Logger) {
        self.store = store
        self.cache = cache
        self.logger = logger
    }

    public func run() async throws {
        // Room for ~10 s of a 1,000-node cluster; past that the oldest waiting states are dropped and counted.
        let (states, continuation) = AsyncStream.makeStream(
            of: NodeState.self,
            bufferingPolicy: .bufferingNewest(2_048)
        )
        let store = self.store
        self.cache.observe(
            LiveCacheObserver(
                wants: { _ in store.isRecording },
                deliver: { state in
                    if case .dropped(let oldest) = continuation.yield(state) { store.missed(node: oldest.name) }
                }
            )
        )
        for recording in store.list() where !recording.resumedMilliseconds.isEmpty && recording.state == .running {
            self.logger.notice("recording resumed after a restart", metadata: ["recording": "\(recording.id)"])
        }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await state in states { store.record(state, nowMilliseconds: WallClock.milliseconds()) }
                }
                group.addTask {
                    while !Task.isCancelled {
                        store.tick(nowMilliseconds: WallClock.milliseconds())
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
        store.saveAll()
    }
}
