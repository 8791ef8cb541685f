import ArgumentParser
import KernelStats
import NIOCore
import NIOPosix
import Simulation
import SwiftProtobuf
import Telemetry
import Wire

/// `podwatch-sim attack`: plays the hostile peers of the security review against a server, to measure what they
/// cost it (`scripts/hostile.sh`): `inflating-hellos` (unauthenticated compressed Hellos that inflate to
/// 16 MiB each), `repeated-layout` (a delta repeating container index 0 millions of times), `absurd-load` (a
/// keyframe with load1 = 1e17). Prints how the server answered each.
struct AttackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attack",
        abstract: "Send what a hostile peer would, and print how the server answered."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case inflatingHellos = "inflating-hellos"
        case repeatedLayout = "repeated-layout"
        case absurdLoad = "absurd-load"
    }

    @Option(help: "inflating-hellos, repeated-layout or absurd-load.") var kind: Kind
    @Option(help: "Server ingest address, HOST:PORT.") var server = "127.0.0.1:9090"
    @Option(help: "Agent token, for the attacks that need a session.") var token = ""
    @Option(help: "Connections at once (inflating-hellos).") var connections = 10
    @Option(help: "Rounds of connections (inflating-hellos).") var rounds = 5
    @Option(help: "Entries of the repeated layout.") var entries = 4_000_000

    func run() async throws {
        guard let (host, port) = IngestAddress.parse(self.server) else {
            throw ValidationError("--server must be HOST:PORT")
        }
        switch self.kind {
        case .inflatingHellos:
            for round in 1...self.rounds {
                let answers = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<self.connections {
                        group.addTask { try await Self.exchange(host, port, [Self.inflatingHello()]) }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                print("round \(round): \(Dictionary(grouping: answers, by: { $0 }).mapValues(\.count))")
            }
        case .repeatedLayout:
            let node = SyntheticNode(name: "attacker", pods: 1, seed: 3)
            let keyframe = WireMessage.snapshot(node.snapshot(wallMilliseconds: 1_700_000_000_000)).frame()
            var delta = Podwatch_V1_Snapshot(node.snapshot(wallMilliseconds: 1_700_000_005_000))
            delta.containers = []
            delta.containerLayout = Array(repeating: 0, count: self.entries)
            let bytes: [UInt8] = try delta.serializedBytes()
            let frame = Frame(
                type: .snapshot,
                flags: [.compressed],
                payload: Compression.deflate(ByteBuffer(bytes: bytes))
            )
            print("delta: \(bytes.count) bytes, \(frame.payload.readableBytes) compressed")
            print(try await Self.exchange(host, port, [self.hello("attacker"), keyframe, frame]))
        case .absurdLoad:
            let node = SyntheticNode(name: "liar", pods: 2, seed: 5)
            var snapshot = node.snapshot(wallMilliseconds: 1_700_000_000_000)
            snapshot.host.load?.load1 = 1e17
            print(try await Self.exchange(host, port, [self.hello("liar"), WireMessage.snapshot(snapshot).frame()]))
        }
    }

    func hello(_ node: String) -> Frame {
        var hello = Podwatch_V1_Hello()
        hello.protocolVersion = WireMessage.protocolVersion
        hello.nodeName = node
        hello.token = self.token
        return WireMessage.hello(hello).frame()
    }

    /// A Hello frame whose zlib payload inflates to 16 MiB of empty capabilities (2 bytes each).
    static func inflatingHello() -> Frame {
        var payload = ByteBuffer()
        for _ in 0..<(8 << 20) { payload.writeBytes([0x2A, 0x00]) }
        return Frame(type: .hello, flags: [.compressed], payload: Compression.deflate(payload, level: 9))
    }

    /// Sends `frames` on one connection and describes what came back before the server closed it. Like an agent,
    /// it waits for the answer to the first frame (Hello) before sending the rest.
    static func exchange(_ host: String, _ port: Int, _ frames: [Frame]) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
                    return try NIOAsyncChannel<Frame, Frame>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var answers: [String] = []
            var rest = frames.dropFirst()
            if let first = frames.first { try? await outbound.write(first) }
            do {
                for try await frame in inbound {
                    switch try WireMessage.decode(frame) {
                    case .welcome: answers.append("welcome")
                    case .reject(let reject): answers.append("reject(\(reject.reason)): \(reject.message)")
                    default: continue
                    }
                    while let next = rest.popFirst() { try? await outbound.write(next) }
                }
            } catch {
                answers.append("error: \(error)")
            }
            return answers.isEmpty ? "closed without an answer" : answers.joined(separator: "; ")
        }
    }
}
