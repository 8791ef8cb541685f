# Podwatch — see README.md. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
DEB_PACKAGES := gcc libc6-dev zlib1g-dev pkg-config curl chromium python3-venv libpq-dev libbpf-dev postgresql openssl util-linux prometheus \
  iproute2 wrk tcpdump nftables
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release test test-browser test-deploy test-faults test-replicas-release lint format bench soak hostile fuzz proto manifests otlp-venv bpf once agent agents stop clean

all: build

## deps: install the Debian packages the build, tests and benchmarks need (when missing)
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing Debian packages; run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

## build: debug build of both binaries
build: deps
	$(SWIFT) build

## release: optimised binaries in .build/release
release: deps
	$(SWIFT) build -c release

## lint: swift-format in strict mode (the toolchain ships it)
SWIFT_FILES = Package.swift $(shell find Sources Tests -name '*.swift' -not -path '*/Generated/*')
lint:
	@$(SWIFT) format lint --strict $(SWIFT_FILES)

## format: rewrite sources in the house style
format:
	$(SWIFT) format --in-place $(SWIFT_FILES)

## test: lint, the deployment checks, the browser test, then every Swift suite (root for the real-cgroup tests);
## the alert storm (300 simulated nodes x 100 pods) runs alone afterwards, since it takes both cores for a minute
test: deps lint test-deploy test-browser test-faults otlp-venv
	$(SWIFT) test --skip AlertStormTests
	$(SWIFT) test --skip-build --filter AlertStormTests

## otlp-venv: opentelemetry-proto from PyPI, for the test's OTLP receiver (OTLPExportTests)
OTLP_VENV := .build/otlp-venv
otlp-venv:
	@[ -x $(OTLP_VENV)/bin/python ] && $(OTLP_VENV)/bin/python -c 'import opentelemetry.proto' 2>/dev/null || \
	  { python3 -m venv $(OTLP_VENV) && $(OTLP_VENV)/bin/pip install -q opentelemetry-proto==1.45.2; }

## test-deploy: k8s/ manifests and the Helm chart against the Kubernetes schemas (offline, strict), helm lint,
## and every flag/env var the manifests, chart and compose file use checked against the binaries
DEPLOY_VENV := .build/deploy-venv
test-deploy: build
	@[ -x $(DEPLOY_VENV)/bin/kubernetes-validate ] || { python3 -m venv $(DEPLOY_VENV) && $(DEPLOY_VENV)/bin/pip install -q kubernetes-validate==1.37.0 helm-python-sdk==0.2.2 PyYAML==6.0.3; }
	PATH="$(CURDIR)/$(DEPLOY_VENV)/bin:$$PATH" $(DEPLOY_VENV)/bin/python scripts/validate-deploy.py

## test-browser: headless Chromium (Debian's) driven by Playwright (PyPI) against a live server and agent
BROWSER_VENV := .build/browser-venv
test-browser: build
	@[ -x $(BROWSER_VENV)/bin/python ] || { python3 -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install -q playwright==1.65.2; }
	$(BROWSER_VENV)/bin/python Tests/Browser/overview_live.py

## test-faults: server killed and restarted, PostgreSQL stopped 60 s, an agent cut off in a network namespace,
## SIGTERM — real processes, a real PostgreSQL and a real veth pair (needs root; about 3 minutes); then two server
## replicas on one PostgreSQL, the leader killed with SIGKILL and brought back (about 1 minute)
test-faults: build
	python3 Tests/Faults/faults.py
	python3 Tests/Faults/replicas.py

## test-replicas-release: the replica test (two servers on one PostgreSQL, the leader killed) on release builds
test-replicas-release: release
	PODWATCH_BIN=$(CURDIR)/.build/release python3 Tests/Faults/replicas.py

## bench: agent CPU per steady pass vs the C reference and its memory as Kubernetes counts it at 1,000, 4,000 and
## 16,000 processes, a real agent on a 16,000-process node under a 64 MiB limit (never stale), then the server's figures:
## ingest vs decode-only, memory per node, wire bytes, fragment latency under wrk with 1,000 simulated nodes, and
## an alert storm (300 nodes x 100 pods): alerts, messages received, /alerts bytes and latency against /healthz,
## and the cluster pages (/namespaces, a workload, /pods with a selector, /nodes) at 1,000 nodes x 100 pods
bench: deps
	scripts/bench.sh
	scripts/bench-busy-node.sh
	scripts/bench-server.sh
	scripts/bench-alert-storm.sh
	scripts/bench-cluster-pages.sh

## hostile: the security review's attacks against the release server, with its peak RSS and /healthz throughout
hostile: deps
	scripts/hostile.sh

## soak: 1,000 simulated agents x 100 pods for 10 minutes against one server (not in CI; AGENTS, PODS, SOAK_SECONDS)
soak: deps
	scripts/soak.sh

## fuzz: every libFuzzer target for a bounded time (FUZZ_SECONDS per target, PATH_SECONDS for the whole-path
## fuzzer, PARSER_SECONDS per KernelStats parser; about 6 minutes in total by default). Corpora start from Tests/FuzzHarnessTests/Inputs; crashes land in fuzz-crashes/
## (fix them, then keep each input in Inputs/<Fuzzer>/ as crash-*: FuzzHarnessTests replays them all).
FUZZ_SECONDS ?= 45
PARSER_SECONDS ?= 6
PATH_SECONDS ?= 120
FUZZERS := FrameFuzzer PayloadFuzzer KernelStatsFuzzer PathFuzzer
FUZZ_INPUTS := Tests/FuzzHarnessTests/Inputs
FUZZ_RUN = -max_total_time=$(1) -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=fuzz-crashes/$(2)-
fuzz: deps
	for f in $(FUZZERS); do $(SWIFT) build -c release --scratch-path .build-fuzz --sanitize fuzzer \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --product $$f || exit 1; done
	mkdir -p fuzz-crashes
	for f in FrameFuzzer PayloadFuzzer; do mkdir -p .build-fuzz/corpus/$$f; \
	  .build-fuzz/release/$$f $(call FUZZ_RUN,$(FUZZ_SECONDS),$$f) .build-fuzz/corpus/$$f $(FUZZ_INPUTS)/$$f || exit 1; done
	mkdir -p .build-fuzz/corpus/PathFuzzer
	.build-fuzz/release/PathFuzzer $(call FUZZ_RUN,$(PATH_SECONDS),PathFuzzer) .build-fuzz/corpus/PathFuzzer \
	  Tests/PathFuzzHarnessTests/Inputs/PathFuzzer || exit 1
	for p in $$(ls $(FUZZ_INPUTS)/KernelStatsFuzzer); do mkdir -p .build-fuzz/corpus/KernelStatsFuzzer-$$p; \
	  PODWATCH_FUZZ_PARSER=$$p .build-fuzz/release/KernelStatsFuzzer $(call FUZZ_RUN,$(PARSER_SECONDS),KernelStatsFuzzer-$$p) \
	    .build-fuzz/corpus/KernelStatsFuzzer-$$p $(FUZZ_INPUTS)/KernelStatsFuzzer/$$p || exit 1; done

## manifests: regenerates the manifests `podwatch install` carries (Sources/PodwatchCLI/Install) from k8s/*.yaml
manifests:
	python3 scripts/bundle-manifests.py

## proto: regenerate Sources/Wire/Generated from proto/ (needs protoc; builds protoc-gen-swift once)
PROTOC_GEN_SWIFT := .build-protoc/release/protoc-gen-swift
proto:
	@command -v protoc >/dev/null || { echo "protoc missing: apt-get install -y protobuf-compiler"; exit 1; }
	[ -x $(PROTOC_GEN_SWIFT) ] || $(SWIFT) build -c release --scratch-path .build-protoc --product protoc-gen-swift
	protoc --plugin=protoc-gen-swift=$(PROTOC_GEN_SWIFT) --swift_opt=Visibility=Public \
	  --swift_opt=UseAccessLevelOnImports=true --swift_opt=FileNaming=DropPath \
	  --swift_out=Sources/Wire/Generated -I proto proto/podwatch/v1/*.proto
	python3 scripts/gen-wire-conversions.py

## bpf: rebuild the BPF programs (bpf/podwatch.bpf.c) and regenerate the committed libbpf skeleton
## Sources/CPodwatchBPF/podwatch.skel.h (needs clang, llvm, bpftool and the running kernel's BTF for vmlinux.h)
BPF_BUILD := .build/bpf
bpf:
	@for tool in clang-14 llvm-strip-14 bpftool; do command -v $$tool >/dev/null || { echo "$$tool missing: apt-get install -y clang-14 llvm-14 bpftool"; exit 1; }; done
	mkdir -p $(BPF_BUILD)
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > $(BPF_BUILD)/vmlinux.h
	clang-14 -g -O2 -Wall -target bpf -D__TARGET_ARCH_x86 -I$(BPF_BUILD) -ISources/CPodwatchBPF/include \
	  -c bpf/podwatch.bpf.c -o $(BPF_BUILD)/podwatch.bpf.o
	llvm-strip-14 -g $(BPF_BUILD)/podwatch.bpf.o
	bpftool gen skeleton $(BPF_BUILD)/podwatch.bpf.o name podwatch > Sources/CPodwatchBPF/podwatch.skel.h

## agents: the server and seven dev agents simulating a cluster on this machine (needs root); prints the URL
NODES := node-01 agent-02 worker-03 controlplane gpunode aiworkloadsonly node-07
agents: release
	scripts/cluster.sh start $(NODES)

## agent: the server and one dev agent
agent: release
	scripts/cluster.sh start node-01

## stop: stops exactly what agent/agents started (PID files in .run/)
stop:
	scripts/cluster.sh stop

## once: print one snapshot of this machine as JSON
once: build
	.build/debug/podwatch-agent --once --json

clean:
	rm -rf .build
