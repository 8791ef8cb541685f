import ArgumentParser
import PodSandbox
import UnixSignals

/// `podwatch-agent sandbox`: builds pods out of real processes in real cgroups (as the kubelet lays
/// them out), holds them until SIGTERM or SIGINT, then removes everything. Used by `make bench`.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Hold simulated pods (real processes in real cgroups) until SIGTERM."
    )

    @Option(help: "Pods to create.")
    var pods = 100

    @Option(help: "Containers per pod.")
    var containers = 1

    @Option(help: "Processes per container.")
    var processes = 9

    @Option(help: "cgroup filesystem root.")
    var cgroupRoot = "/sys/fs/cgroup"

    func run() async throws {
        // Trap the signals before creating anything, so that a signal always leads to clean-up.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let sandbox = try PodSandbox(cgroupRoot: self.cgroupRoot)
        for index in 0..<self.pods {
            try sandbox.addPod(
                driver: index % 2 == 0 ? .systemd : .cgroupfs,
                containers: self.containers,
                processesPerContainer: self.processes
            )
        }
        StandardOutput.write(
            Array(
                "ready \(self.pods) pods, \(self.pods * self.containers * self.processes) processes under \(sandbox.top)"
                    .utf8
            )
        )
        for await _ in signals { break }
        sandbox.destroy()
    }
}
