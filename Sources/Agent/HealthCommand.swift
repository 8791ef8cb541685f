import AgentCore
import ArgumentParser

/// `podwatch-agent health`: the liveness probe. Exits 0 when the running agent completed a pass recently.
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Exit 0 if the agent's last pass is recent (the DaemonSet's liveness/readiness probe)."
    )

    @Option(help: "The file `run --health-file` rewrites after every pass.") var file = "/run/podwatch/alive"
    @Option(help: "Oldest acceptable pass, in seconds.") var maxAge: Double = 30

    func run() throws {
        guard let age = HealthFile(path: self.file).age() else {
            print("unhealthy: no pass recorded yet in \(self.file)")
            throw ExitCode(1)
        }
        guard age <= self.maxAge else {
            print("unhealthy: last pass \(Int(age)) s ago (limit \(Int(self.maxAge)) s)")
            throw ExitCode(1)
        }
        print("ok: last pass \(Int(age)) s ago")
    }
}
