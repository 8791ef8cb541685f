public import Logging

/// N simulated agents from one process, started spread over one interval (as a DaemonSet's pods would
/// be) and run until the task is cancelled.
public struct LoadSimulator: Sendable {
    public var agents: Int
    public var podsPerNode: Int
    public var namePrefix: String
    public var seed: UInt64
    public var agent: SimulatedAgent.Configuration
    /// The first this many nodes are outliers, busy ~98 % (`--hot-nodes`).
    public var hotNodes = 0

    public init(agents: Int, podsPerNode: Int, namePrefix: String, seed: UInt64, agent: SimulatedAgent.Configuration) {
        self.agents = agents
        self.podsPerNode = podsPerNode
        self.namePrefix = namePrefix
        self.seed = seed
        self.agent = agent
    }

    /// The name of simulated node `index` (0-based): `sim-0001`…
    public func nodeName(_ index: Int) -> String {
        let digits = String(index + 1)
        let width = max(4, String(self.agents).count)
        return self.namePrefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public func run(counters: SimulationCounters, logger: Logger) async {
        let simulated = SimulatedAgent(configuration: self.agent, counters: counters, logger: logger)
        let spread = self.agent.interval / max(self.agents, 1)
        await withDiscardingTaskGroup { group in
            for index in 0..<self.agents {
                let name = self.nodeName(index)
                let seed = self.seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D
                let pods = self.podsPerNode
                let interval = self.agent.interval
                let hot = index < self.hotNodes
                group.addTask {
                    // Built inside the task so that a thousand nodes are built in parallel, not before the first connects.
                    let node = SyntheticNode(name: name, pods: pods, seed: seed, interval: interval, hot: hot)
                    await simulated.run(node: node, offset: spread * index)
                }
            }
        }
    }
}
