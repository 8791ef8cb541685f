import UnixSignals

/// Returns when SIGINT or SIGTERM arrives, or after `seconds` when given.
enum StopSignal {
    static func wait(seconds: Int?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
                for await _ in signals { return }
            }
            if let seconds {
                group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
