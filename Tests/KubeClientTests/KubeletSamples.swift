/// Kubelet answers in their real shapes. `/configz` follows what `kubectl get --raw
/// /api/v1/nodes/NODE/proxy/configz` prints on a kubeadm node (the Kubernetes documentation's "Reconfigure a
/// Node's Kubelet" and "Set Kubelet Parameters Via A Configuration File" pages show it; trimmed of fields Podwatch
/// does not read, eviction and reservation kept whole). `/stats/summary` follows the kubelet's Summary API types
/// (`k8s.io/kubelet/pkg/apis/stats/v1alpha1`: NodeStats with FsStats, RuntimeStats.imageFs, RlimitStats).
/// `/healthz` answers `ok`; an unhealthy check answers 500 with the `[-]name failed` lines of
/// `k8s.io/apiserver/pkg/server/healthz`.
enum KubeletSamples {
    static let configz = """
        {"kubeletconfig":{"enableServer":true,"staticPodPath":"/etc/kubernetes/manifests","syncFrequency":"1m0s",\
        "address":"0.0.0.0","port":10250,"tlsCertFile":"/var/lib/kubelet/pki/kubelet.crt",\
        "authentication":{"x509":{"clientCAFile":"/etc/kubernetes/pki/ca.crt"},"webhook":{"enabled":true,\
        "cacheTTL":"2m0s"},"anonymous":{"enabled":false}},"authorization":{"mode":"Webhook","webhook":\
        {"cacheAuthorizedTTL":"5m0s","cacheUnauthorizedTTL":"30s"}},"healthzPort":10248,"clusterDomain":\
        "cluster.local","clusterDNS":["10.96.0.10"],"cgroupDriver":"systemd","maxPods":110,"podPidsLimit":-1,\
        "kubeReserved":{"cpu":"100m","memory":"256Mi"},"systemReserved":{"memory":"512Mi"},\
        "evictionHard":{"imagefs.available":"15%","memory.available":"100Mi","nodefs.available":"10%",\
        "nodefs.inodesFree":"5%","pid.available":"2%"},"evictionSoft":{"memory.available":"500Mi"},\
        "evictionSoftGracePeriod":{"memory.available":"1m30s"},"evictionPressureTransitionPeriod":"5m0s",\
        "enforceNodeAllocatable":["pods"],"containerLogMaxSize":"10Mi","containerLogMaxFiles":5,\
        "logging":{"format":"text","flushFrequency":"5s","verbosity":0,"options":{"json":{"infoBufferSize":"0"}}},\
        "registerNode":true,"localStorageCapacityIsolation":true}}
        """

    static let summary = """
        {"node":{"nodeName":"node-a","systemContainers":[{"name":"kubelet","startTime":"2026-12-01T09:00:00Z",\
        "cpu":{"time":"2026-12-04T08:30:00Z","usageNanoCores":21334213,"usageCoreNanoSeconds":1855403000000},\
        "memory":{"time":"2026-12-04T08:30:00Z","usageBytes":95301632,"workingSetBytes":71942144,\
        "rssBytes":53075968,"pageFaults":0,"majorPageFaults":0}}],"startTime":"2026-12-01T08:59:40Z",\
        "cpu":{"time":"2026-12-04T08:30:00Z","usageNanoCores":240934215,"usageCoreNanoSeconds":52741338000000},\
        "memory":{"time":"2026-12-04T08:30:00Z","availableBytes":5721972736,"usageBytes":3146235904,\
        "workingSetBytes":2378166272,"rssBytes":1312890880,"pageFaults":124412,"majorPageFaults":103},\
        "network":{"time":"2026-12-04T08:30:00Z","name":"eth0","rxBytes":9371249371,"rxErrors":0,\
        "txBytes":1871134122,"txErrors":0},"fs":{"time":"2026-12-04T08:30:00Z","availableBytes":31262711808,\
        "capacityBytes":104560844800,"usedBytes":73298132992,"inodesFree":5927041,"inodes":6553600,\
        "inodesUsed":626559},"runtime":{"imageFs":{"time":"2026-12-04T08:30:00Z","availableBytes":31262711808,\
        "capacityBytes":104560844800,"usedBytes":14130563072,"inodesFree":5927041,"inodes":6553600,\
        "inodesUsed":626559}},"rlimit":{"time":"2026-12-04T08:30:00Z","maxpid":4194304,"curproc":1433}},\
        "pods":[{"podRef":{"name":"checkout-7d9f8b6c5d-x2k4q","namespace":"shop","uid":"5d3c1a2b-0000-4000-8000-000000000001"},\
        "startTime":"2026-12-04T08:00:00Z","containers":[{"name":"web","startTime":"2026-12-04T08:00:02Z",\
        "cpu":{"time":"2026-12-04T08:30:00Z","usageNanoCores":12345678,"usageCoreNanoSeconds":22091000000},\
        "memory":{"time":"2026-12-04T08:30:00Z","usageBytes":63021056,"workingSetBytes":52428800,"rssBytes":41943040,\
        "pageFaults":5310,"majorPageFaults":2},"rootfs":{"time":"2026-12-04T08:30:00Z","availableBytes":31262711808,\
        "capacityBytes":104560844800,"usedBytes":40960,"inodesFree":5927041,"inodes":6553600,"inodesUsed":12},\
        "logs":{"time":"2026-12-04T08:30:00Z","availableBytes":31262711808,"capacityBytes":104560844800,\
        "usedBytes":1048576,"inodesFree":5927041,"inodes":6553600,"inodesUsed":3}}],\
        "cpu":{"time":"2026-12-04T08:30:00Z","usageNanoCores":12345678},"memory":{"time":"2026-12-04T08:30:00Z",\
        "workingSetBytes":52428800},"volume":[{"time":"2026-12-04T08:30:00Z","usedBytes":4096,"name":"kube-api-access"}],\
        "ephemeral-storage":{"time":"2026-12-04T08:30:00Z","availableBytes":31262711808,"capacityBytes":104560844800,\
        "usedBytes":1093632,"inodesFree":5927041,"inodes":6553600,"inodesUsed":16}}]}
        """

    /// `/pods`: a v1 PodList of what the kubelet runs (its own view, static pods under their own UIDs).
    static let pods = """
        {"kind":"PodList","apiVersion":"v1","metadata":{},"items":[\
        {"metadata":{"name":"checkout-7d9f8b6c5d-x2k4q","namespace":"shop","uid":"5d3c1a2b-0000-4000-8000-000000000001",\
        "labels":{"app":"checkout"},"annotations":{"kubernetes.io/config.seen":"2026-12-04T08:00:00Z",\
        "kubernetes.io/config.source":"api"}},"spec":{"nodeName":"node-a","containers":[{"name":"web","image":"nginx"}]},\
        "status":{"phase":"Running","qosClass":"Burstable"}},\
        {"metadata":{"name":"etcd-node-a","namespace":"kube-system","uid":"8e9b0c6f3f2d4f7a","annotations":\
        {"kubernetes.io/config.hash":"8e9b0c6f3f2d4f7a","kubernetes.io/config.source":"file"}},"spec":{"nodeName":\
        "node-a","containers":[{"name":"etcd","image":"registry.k8s.io/etcd:3.5.16-0"}]},"status":{"phase":"Running"}},\
        {"metadata":{"name":"batch-29044","namespace":"jobs","uid":"5d3c1a2b-0000-4000-8000-000000000003"},"spec":\
        {"nodeName":"node-a","containers":[{"name":"run","image":"busybox"}]},"status":{"phase":"Succeeded"}}]}
        """

    /// `/metrics/probes`: the kubelet's prober counter in the Prometheus text format, one series per container,
    /// probe type and result (`pkg/kubelet/prober/prober_manager.go`, `ProberResults`), as the kubelet serves it.
    static let probes = """
        # HELP prober_probe_total [BETA] Cumulative number of a liveness, readiness or startup probe for a container by result.
        # TYPE prober_probe_total counter
        prober_probe_total{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",pod_uid="5d3c1a2b-0000-4000-8000-000000000001",probe_type="Liveness",result="failed"} 0
        prober_probe_total{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",pod_uid="5d3c1a2b-0000-4000-8000-000000000001",probe_type="Liveness",result="successful"} 8632
        prober_probe_total{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",pod_uid="5d3c1a2b-0000-4000-8000-000000000001",probe_type="Readiness",result="failed"} 3
        prober_probe_total{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",pod_uid="5d3c1a2b-0000-4000-8000-000000000001",probe_type="Readiness",result="successful"} 8629
        prober_probe_total{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",pod_uid="5d3c1a2b-0000-4000-8000-000000000001",probe_type="Readiness",result="unknown"} 1
        # HELP prober_probe_duration_seconds [ALPHA] Duration in seconds for a probe response.
        # TYPE prober_probe_duration_seconds histogram
        prober_probe_duration_seconds_bucket{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",probe_type="Liveness",le="0.005"} 8120
        prober_probe_duration_seconds_bucket{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q",probe_type="Liveness",le="+Inf"} 8632

        """

    /// `/metrics`, the kubelet's own metrics (component-base metrics in the Prometheus text format), trimmed to the
    /// families Podwatch reads plus one it skips.
    static let metrics = """
        # HELP kubelet_pod_start_duration_seconds [ALPHA] Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run
        # TYPE kubelet_pod_start_duration_seconds histogram
        kubelet_pod_start_duration_seconds_bucket{le="0.5"} 12
        kubelet_pod_start_duration_seconds_bucket{le="+Inf"} 20
        kubelet_pod_start_duration_seconds_sum 31.4
        kubelet_pod_start_duration_seconds_count 20
        # HELP kubelet_pleg_relist_duration_seconds [ALPHA] Duration in seconds for relisting pods in PLEG.
        # TYPE kubelet_pleg_relist_duration_seconds histogram
        kubelet_pleg_relist_duration_seconds_bucket{le="0.005"} 1200
        kubelet_pleg_relist_duration_seconds_bucket{le="+Inf"} 25000
        kubelet_pleg_relist_duration_seconds_sum 412.2
        kubelet_pleg_relist_duration_seconds_count 25000
        # HELP kubelet_runtime_operations_errors_total [ALPHA] Cumulative number of runtime operation errors by operation type.
        # TYPE kubelet_runtime_operations_errors_total counter
        kubelet_runtime_operations_errors_total{operation_type="create_container"} 0
        kubelet_runtime_operations_errors_total{operation_type="exec_sync"} 1
        kubelet_runtime_operations_errors_total{operation_type="pull_image"} 3
        # HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
        # TYPE kubelet_running_pods gauge
        kubelet_running_pods 31

        """

    /// `/spec` on a kubelet that still serves it (cAdvisor's MachineInfo, trimmed).
    static let spec = """
        {"num_cores":16,"num_physical_cores":8,"num_sockets":1,"cpu_frequency_khz":3600000,"memory_capacity":67108864000,\
        "machine_id":"0f0c5b0f6b4e4f6b","system_uuid":"4c4c4544-0046","boot_id":"2d6e1c5a","filesystems":[],"topology":[]}
        """

    /// `/metrics/resource`: the kubelet's resource metrics (the stable set metrics-server reads), with the
    /// kubelet's timestamps.
    static let resource = """
        # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
        # TYPE container_cpu_usage_seconds_total counter
        container_cpu_usage_seconds_total{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q"} 22.091 1764836400000
        # HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes
        # TYPE container_memory_working_set_bytes gauge
        container_memory_working_set_bytes{container="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q"} 5.24288e+07 1764836400000
        # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
        # TYPE node_memory_working_set_bytes gauge
        node_memory_working_set_bytes 2.378166272e+09 1764836400000
        # HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise
        # TYPE scrape_error gauge
        scrape_error 0

        """

    /// `/metrics/cadvisor` (cAdvisor's container metrics as the kubelet serves them), trimmed to the network and
    /// filesystem I/O counters Podwatch reads; the pod's network shows on its sandbox (`container=""`).
    static func cadvisor(received: Int, written: Int) -> String {
        """
        # HELP container_network_receive_bytes_total Cumulative count of bytes received
        # TYPE container_network_receive_bytes_total counter
        container_network_receive_bytes_total{container="",id="/kubepods.slice/pod1",image="",interface="eth0",name="",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q"} \(received) 1764836400000
        container_network_transmit_bytes_total{container="",id="/kubepods.slice/pod1",image="",interface="eth0",name="",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q"} 1000 1764836400000
        # HELP container_fs_writes_bytes_total Cumulative count of bytes written
        # TYPE container_fs_writes_bytes_total counter
        container_fs_writes_bytes_total{container="web",device="/dev/nvme0n1",id="/kubepods.slice/pod1/web",image="nginx",name="web",namespace="shop",pod="checkout-7d9f8b6c5d-x2k4q"} \(written) 1764836400000

        """
    }

    static let syncLoopFailed = "[-]syncloop failed: reason withheld\nhealthz check failed\n"

    static func forbidden(_ subresource: String) -> String {
        """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Forbidden (user=\
        system:serviceaccount:podwatch:podwatch-agent, verb=get, resource=nodes, subresource=\(subresource))",\
        "reason":"Forbidden","details":{"group":"","kind":"nodes"},"code":403}
        """
    }
}
