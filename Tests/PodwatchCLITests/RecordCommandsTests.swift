import Foundation
import PodSandbox
import Recordings
import ServerTesting
import Telemetry
import Testing

/// A recording started from the CLI runs across two snapshots of two simulated nodes, and downloads as one tar
/// archive whose CSV files Python's csv module reads back with the expected columns and values.
@Suite struct RecordCommandsTests {
    @Test func aRecordingAcrossTwoSnapshotsOfTwoNodesReadsBackInPython() async throws {
        let harness = try await CLIHarness()
        let started = await harness.run(
            ["record", "start", "two nodes", "--node", "rec-a", "--node", "rec-b", "--processes", "--duration", "1h"],
            admin: true
        )
        #expect(started.code == 0, "\(started.err)")
        #expect(started.out.hasPrefix("recording/two nodes started (id "))
        async let a = harness.feed(node: "rec-a", pods: 3, seed: 21, frames: 2)
        async let b = harness.feed(node: "rec-b", pods: 2, seed: 22, frames: 2)
        let sent = try await a + b
        try await harness.server.eventually("four snapshots recorded") {
            let list = try await harness.run(["record", "list", "-o", "json"]).json() as? [[String: Any]]
            return list?.first?["snapshots"] as? Int == 4
        }
        #expect((await harness.run(["record", "stop", "two nodes"], admin: true)).code == 0)
        let listed = await harness.run(["record", "list"])
        #expect(listed.rows.first == ["ID", "NAME", "STATE", "SCOPE", "SNAPSHOTS", "SIZE", "STARTED", "REASON"])
        #expect(listed.rows.dropFirst().first?[2] == "stopped")

        let archive = harness.recordings + "-download.tar"
        let got = await harness.run(["record", "get", "two nodes", "-o", archive])
        #expect(got.code == 0, "\(got.err)")
        let files = try await Self.readInPython(archive)
        try? FileManager.default.removeItem(atPath: archive)

        let nodes = try #require(files["nodes.csv"])
        #expect(nodes.columns == RecordingFiles.nodeColumns)
        #expect(nodes.rows.count == 4)
        for snapshot in sent {
            let row = try #require(
                nodes.rows.first {
                    $0["node"] == snapshot.node && $0["time_ms"] == "\(snapshot.wallTimeMilliseconds)"
                },
                "no row for \(snapshot.node) at \(snapshot.wallTimeMilliseconds)"
            )
            #expect(row["cpu_user_ticks"] == "\(snapshot.host.cpu.total.user)")
            #expect(Double(row["load1"] ?? "") == snapshot.host.load?.load1)
            #expect(row["memory_available_bytes"] == snapshot.host.memory.memAvailable.map { "\($0)" })
        }
        // The second snapshot of each node has rates: its busy % is a number, the first's is empty (unknown).
        #expect(nodes.rows.filter { $0["cpu_busy_percent"]?.isEmpty == false }.count == 2)

        let containers = try #require(files["containers.csv"])
        #expect(containers.columns == RecordingFiles.containerColumns)
        #expect(containers.rows.count == sent.reduce(0) { $0 + $1.containers.count })
        let last = try #require(sent.last)
        let container = try #require(last.containers.first { $0.cgroup?.memoryWorkingSetBytes != nil })
        #expect(
            containers.rows.contains {
                $0["time_ms"] == "\(last.wallTimeMilliseconds)" && $0["pod_uid"] == container.identity.podUID
                    && $0["memory_working_set_bytes"] == container.cgroup?.memoryWorkingSetBytes.map { "\($0)" }
            }
        )

        let processes = try #require(files["processes.csv"])
        #expect(processes.columns == RecordingFiles.processColumns)
        #expect(processes.rows.count == sent.reduce(0) { $0 + $1.containers.reduce(0) { $0 + $1.processes.count } })
        let process = try #require(container.processes.first)
        #expect(
            processes.rows.contains {
                $0["time_ms"] == "\(last.wallTimeMilliseconds)" && $0["pid"] == "\(process.pid)"
                    && $0["comm"] == process.stat.comm && $0["utime_ticks"] == "\(process.stat.utime)"
            }
        )

        let missing = await harness.run(["record", "get", "no such recording"])
        #expect(missing.code == 3)
        #expect((await harness.run(["record", "delete", "two nodes"], admin: true)).code == 0)
        #expect((try await harness.run(["record", "list", "-o", "json"]).json() as? [Any])?.isEmpty == true)
        await harness.stop()
    }

    struct CSVFile {
        var columns: [String]
        var rows: [[String: String]]
    }

    /// Python's tarfile and csv modules read the archive: columns and rows of each CSV file in it.
    static func readInPython(_ archive: String) async throws -> [String: CSVFile] {
        let script = """
            import csv, io, json, sys, tarfile
            out = {}
            with tarfile.open(sys.argv[1]) as tar:
                for member in tar.getmembers():
                    if member.name.endswith('.csv'):
                        text = tar.extractfile(member).read().decode('utf-8')
                        reader = csv.DictReader(io.StringIO(text))
                        rows = list(reader)
                        out[member.name.split('/')[-1]] = {'columns': reader.fieldnames, 'rows': rows}
            json.dump(out, sys.stdout)
            """
        let python = try await ChildRun.run(
            ["/usr/bin/python3", "-c", script, archive],
            environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(60)
        )
        guard python.status == 0 else {
            throw TestFailure("python could not read \(archive): \(python.standardError)")
        }
        let object =
            try JSONSerialization.jsonObject(with: Data(python.standardOutput)) as? [String: [String: Any]] ?? [:]
        return object.mapValues {
            CSVFile(columns: $0["columns"] as? [String] ?? [], rows: $0["rows"] as? [[String: String]] ?? [])
        }
    }
}
