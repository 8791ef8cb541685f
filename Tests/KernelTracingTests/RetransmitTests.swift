import Foundation
import KernelTracing
import PodSandbox
import Telemetry
import Testing

/// TCP retransmits from a real cause: two network namespaces joined by a veth pair, nftables dropping a quarter
/// of the packets at random on the receiving side (`numgen random`; `tc netem` is not built into this kernel), and
/// 8 MB sent across. The retransmits must land on the sender's namespace (the socket's), not on whichever task
/// softirq happened to interrupt; the receiver's own few (a SYN-ACK or FIN whose answer was dropped) stay its own.
@Suite(.serialized) struct RetransmitTests {
    static let script = #"""
        set -eu
        a=pwA-$1; b=pwB-$1; va=pwa$1; vb=pwb$1
        cleanup() { ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true; }
        trap cleanup EXIT
        ip netns add "$a"; ip netns add "$b"
        ip link add "$va" type veth peer name "$vb"
        ip link set "$va" netns "$a"; ip link set "$vb" netns "$b"
        ip -n "$a" addr add 10.231.0.1/24 dev "$va"; ip -n "$b" addr add 10.231.0.2/24 dev "$vb"
        ip -n "$a" link set "$va" up; ip -n "$b" link set "$vb" up
        ip -n "$a" link set lo up; ip -n "$b" link set lo up
        ip netns exec "$b" nft add table inet podwatch
        ip netns exec "$b" nft add chain inet podwatch input '{ type filter hook input priority 0; }'
        ip netns exec "$b" nft add rule inet podwatch input tcp dport 7777 numgen random mod 4 == 0 drop
        ip netns exec "$b" python3 -c '
        import socket
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("10.231.0.2", 7777)); s.listen(1); c, _ = s.accept()
        while c.recv(65536): pass
        ' &
        sleep 1
        stat -L -c 'sender %i' "/run/netns/$a"; stat -L -c 'receiver %i' "/run/netns/$b"
        ip netns exec "$a" python3 -c '
        import socket
        s = socket.create_connection(("10.231.0.2", 7777)); s.sendall(b"x" * 8000000); s.close()
        '
        wait
        """#

    @Test func retransmitsLandOnTheSendingNamespace() async throws {
        let tracer = KernelTracer(enabled: ["tcp_retransmits"], memoryCgroupV1: false)
        #expect(tracer.signals.first { $0.name == "tcp_retransmits" }?.on == true, "\(tracer.signals)")
        _ = tracer.drain()
        let run = try await ChildRun.run(
            ["/bin/sh", "-c", Self.script, "sh", "\(getpid() % 100_000)"],
            environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(120)
        )
        let output = String(decoding: run.standardOutput, as: UTF8.self)
        try #require(run.status == 0, "\(output)\n\(run.standardError)")
        func inode(_ role: String) -> UInt64? {
            output.split(separator: "\n").first { $0.hasPrefix(role + " ") }.flatMap {
                UInt64($0.split(separator: " ")[1])
            }
        }
        let sender = try #require(inode("sender"))
        let receiver = try #require(inode("receiver"))
        let raw = tracer.drain()
        // The receiver retransmits a little too (a SYN-ACK or FIN whose answer was dropped): far less.
        let sent = raw.retransmits[sender, default: 0]
        #expect(sent >= 10, "\(raw.retransmits)")
        #expect(raw.retransmits[receiver, default: 0] * 5 < sent, "\(raw.retransmits)")
        let endpoints = raw.endpoints.filter { $0.networkNamespace == sender }
        #expect(endpoints.contains { $0.address == "10.231.0.2" && $0.port == 7777 }, "\(raw.endpoints)")
    }
}
