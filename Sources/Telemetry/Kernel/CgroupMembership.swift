/// One line of `/proc/PID/cgroup`: `hierarchy-ID:controller-list:cgroup-path`.
public struct CgroupMembership: Hashable, Sendable, Codable {
    /// An all-zero value, for parsers and decoders that fill fields one by one.
    public init() {}

    /// 0 for the cgroup-v2 unified hierarchy.
    public var hierarchyID: UInt32 = 0
    /// v1 controllers (`cpu`, `cpuacct`, `name=systemd`…); empty for v2.
    public var controllers: [String] = []
    /// The path relative to the hierarchy root as the reader's cgroup namespace sees it; may start with
    /// `/..` when the process is outside that namespace, and may contain `:`.
    public var path: String = ""

    public init(hierarchyID: UInt32, controllers: [String], path: String) {
        self.hierarchyID = hierarchyID
        self.controllers = controllers
        self.path = path
    }
}
