import Foundation
import NIOCore
import SwiftProtobuf
import Telemetry
import Testing
import Wire

@Suite struct WireMessageTests {
    /// The golden fixture snapshot from AgentCoreTests, as the agent produced it.
    static func fixtureSnapshot() throws -> Snapshot {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../AgentCoreTests/Golden/hybrid-node.json")
        struct Report: Decodable { var snapshot: Snapshot }
        return try JSONDecoder().decode(Report.self, from: Data(contentsOf: url)).snapshot
    }

    @Test func snapshotRoundTripsExactly() throws {
        let snapshot = try Self.fixtureSnapshot()
        #expect(!snapshot.containers.isEmpty && !snapshot.hostProcesses.isEmpty)
        let frame = WireMessage.snapshot(snapshot).frame()
        #expect(frame.flags.contains(.compressed) && frame.flags.contains(.keyframe))
        var bytes = ByteBuffer()
        FrameEncoder.write(frame, to: &bytes)
        var decoder = FrameDecoder()
        let decoded = try #require(try decoder.decode(buffer: &bytes))
        guard case .snapshot(let back) = try WireMessage.decode(decoded) else {
            Issue.record("not a snapshot")
            return
        }
        #expect(back == snapshot)
    }

    @Test func helloRoundTrip() throws {
        var hello = Podwatch_V1_Hello()
        hello.protocolVersion = WireMessage.protocolVersion
        hello.nodeName = "node-01"
        hello.token = "s3cret"
        guard case .hello(let back) = try WireMessage.decode(WireMessage.hello(hello).frame()) else {
            Issue.record("not a hello")
            return
        }
        #expect(back == hello)
    }

    @Test func unknownTypesAreSkippedNotFailed() throws {
        guard case .unknown(let type) = try WireMessage.decode(Frame(type: FrameType(rawValue: 42))) else {
            Issue.record("expected unknown")
            return
        }
        #expect(type.rawValue == 42)
    }

    @Test func garbagePayloadIsAMalformedPayloadError() {
        let frame = Frame(type: .snapshot, payload: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))
        let error = #expect(throws: WireError.self) { try WireMessage.decode(frame) }
        #expect(error?.hasSameKind(as: .malformedPayload("")) == true)
    }

    @Test func unknownEnumStringIsAnErrorNamingTheField() throws {
        var wire = Podwatch_V1_Snapshot()
        var container = Podwatch_V1_ContainerSnapshot()
        container.identity.qosClass = "Platinum"
        wire.containers = [container]
        let bytes: [UInt8] = try wire.serializedBytes()
        let error = #expect(throws: WireError.self) {
            try WireMessage.decode(Frame(type: .snapshot, payload: ByteBuffer(bytes: bytes)))
        }
        #expect(error?.description.contains("ContainerIdentity.qos_class") == true)
    }
}

/// Keyframes carry a container's shared cgroup lines once (they were most of a 16,000-process keyframe).
@Suite struct SharedCgroupsTests {
    @Test func aContainersProcessesShareTheirCgroupLinesOnTheWire() throws {
        var snapshot = SnapshotDeltaTests.normalized(try WireMessageTests.fixtureSnapshot())
        let template = try #require(snapshot.containers.first?.processes.first)
        snapshot.containers[0].processes = (0..<50).map { index in
            var process = template
            process.stat.pid = 50_000 + Int32(index)
            return process
        }
        snapshot.containers[0].processes[7].cgroups = [CgroupMembership(hierarchyID: 0, controllers: [], path: "/odd")]
        let frame = WireMessage.snapshot(snapshot).frame()
        let payload = try Compression.inflate(frame.payload, maximumLength: 1 << 24)
        let wire = try Podwatch_V1_Snapshot(serializedBytes: Array(payload.readableBytesView))
        #expect(wire.containers[0].sharedCgroups.count == template.cgroups.count)
        #expect(wire.containers[0].processes.filter { !$0.cgroups.isEmpty }.count == 1)  // only the odd one
        guard case .snapshot(let decoded) = try WireMessage.decode(frame) else {
            Issue.record("not a snapshot")
            return
        }
        #expect(decoded == snapshot)
        var decoder = SnapshotDecoder()
        #expect(try decoder.snapshot(from: frame) == snapshot)
        #expect(WireMessage.uncompressedSize(of: snapshot) == payload.readableBytes)
    }
}
