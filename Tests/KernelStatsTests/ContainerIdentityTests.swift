import KernelStats
import Telemetry
import Testing

@Suite struct ContainerIdentityTests {
    static let id = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899"
    static let uid = "9d5aba59-7737-44b5-9bf3-8187d4dc6dc1"
    static let slice = "9d5aba59_7737_44b5_9bf3_8187d4dc6dc1"

    struct Case: Sendable, CustomTestStringConvertible {
        var path: String
        var podUID: String
        var containerID: String?
        var runtime: ContainerRuntime
        var qos: QOSClass
        var testDescription: String { self.path }
    }

    static let cases: [Case] = [
        // cgroupfs driver (v1 and v2 paths look alike)
        Case(
            path: "/kubepods/burstable/pod\(uid)/\(id)",
            podUID: uid,
            containerID: id,
            runtime: .unknown,
            qos: .burstable
        ),
        Case(path: "/kubepods/pod\(uid)/\(id)", podUID: uid, containerID: id, runtime: .unknown, qos: .guaranteed),
        Case(
            path: "/kubepods/besteffort/pod\(uid)/crio-\(id)",
            podUID: uid,
            containerID: id,
            runtime: .crio,
            qos: .bestEffort
        ),
        // systemd driver: containerd, CRI-O, cri-dockerd
        Case(
            path:
                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(slice).slice/cri-containerd-\(id).scope",
            podUID: uid,
            containerID: id,
            runtime: .containerd,
            qos: .burstable
        ),
        Case(
            path: "/kubepods.slice/kubepods-pod\(slice).slice/crio-\(id).scope",
            podUID: uid,
            containerID: id,
            runtime: .crio,
            qos: .guaranteed
        ),
        Case(
            path: "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod\(slice).slice/docker-\(id).scope",
            podUID: uid,
            containerID: id,
            runtime: .docker,
            qos: .bestEffort
        ),
        // containerd's colon form under a systemd-managed containerd
        Case(
            path: "/system.slice/containerd.service/kubepods-burstable-pod\(slice).slice:cri-containerd:\(id)",
            podUID: uid,
            containerID: id,
            runtime: .containerd,
            qos: .burstable
        ),
        // cgroup namespace prefixes
        Case(
            path:
                "/../../kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(slice).slice/cri-containerd-\(id).scope",
            podUID: uid,
            containerID: id,
            runtime: .containerd,
            qos: .burstable
        ),
        // kind: the kubelet's cgroups nest under kubelet.slice with a kubelet- prefix
        Case(
            path:
                "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod\(slice).slice/cri-containerd-\(id).scope",
            podUID: uid,
            containerID: id,
            runtime: .containerd,
            qos: .bestEffort
        ),
        Case(
            path: "/kubelet/kubepods/burstable/pod\(uid)/\(id)",
            podUID: uid,
            containerID: id,
            runtime: .unknown,
            qos: .burstable
        ),
        // static pod: the UID is the 32-hex config hash
        Case(
            path: "/kubepods/burstable/pod0123456789abcdef0123456789abcdef/\(id)",
            podUID: "0123456789abcdef0123456789abcdef",
            containerID: id,
            runtime: .unknown,
            qos: .burstable
        ),
        // a process directly in the pod slice
        Case(
            path: "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(slice).slice",
            podUID: uid,
            containerID: nil,
            runtime: .unknown,
            qos: .burstable
        ),
        Case(path: "/kubepods/burstable/pod\(uid)", podUID: uid, containerID: nil, runtime: .unknown, qos: .burstable),
        // upper-case UIDs are normalised
        Case(
            path: "/kubepods/pod9D5ABA59-7737-44B5-9BF3-8187D4DC6DC1/\(id)",
            podUID: uid,
            containerID: id,
            runtime: .unknown,
            qos: .guaranteed
        ),
    ]

    @Test(arguments: cases)
    func resolves(_ item: Case) throws {
        let identity = try #require(ContainerIdentity(cgroupPath: item.path))
        #expect(identity.podUID == item.podUID)
        #expect(identity.containerID == item.containerID)
        #expect(identity.runtime == item.runtime)
        #expect(identity.qosClass == item.qos)
    }

    @Test(arguments: [
        "/",
        "/init.scope",
        "/system.slice/containerd.service",
        "/system.slice/kubelet.service",
        "/user.slice/user-1000.slice/session-3.scope",
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(slice).slice/crio-conmon-\(id).scope",
        "/kubepods.slice/kubepods-burstable.slice",
        "/kubepods/burstable",
        "/docker/\(id)",
        "/pod\(uid)/\(id)",
        "/kubepods/burstable/podnot-a-uid/\(id)",
        "/kubepods/burstable/pod\(uid)/not-hex",
        "/kubepods/burstable/pod\(uid)/\(id.dropLast())",
        "/kubepods/burstable/mypod\(uid)/\(id)",
    ])
    func rejects(path: String) {
        #expect(ContainerIdentity(cgroupPath: path) == nil)
    }
}
