import Testing

@testable import AgentCore

/// `perf script -F comm,pid,tid,ip,sym,dso` folded without Perl: frames with spaces stay whole.
@Suite struct StackFolderTests {
    static let script = """
        my worker 4242/4243 
        \t    55d0c0de1135 podwatch_hot_function (/app/burner)
        \t    7f0000002724 std::vector<int, std::allocator<int> >::push_back(int const&) (/usr/lib/libstdc++.so.6)
        \t    7f000000272a [unknown] (/usr/lib/x86_64-linux-gnu/libc.so.6)
        \t    ffffffff8100 [unknown] ([unknown])

        my worker 4242/4243 
        \t    55d0c0de1135 podwatch_hot_function (/app/burner)
        \t    7f0000002724 std::vector<int, std::allocator<int> >::push_back(int const&) (/usr/lib/libstdc++.so.6)
        \t    7f000000272a [unknown] (/usr/lib/x86_64-linux-gnu/libc.so.6)
        \t    ffffffff8100 [unknown] ([unknown])

        sidecar 77/77 
        \t    1234 main;odd (/bin/sidecar)
        """

    static func roots(_ pid: Int32, _ comm: String) -> [String] {
        [pid == 4242 ? "app" : "envoy", "\(comm) [\(pid)]"]
    }

    @Test func foldsWithRootsAndKeepsSpaces() {
        var folder = StackFolder(roots: Self.roots)
        folder.push(Array(Self.script.utf8))
        folder.finish()
        #expect(folder.samples == 3)
        let (text, truncated) = folder.folded(limit: 1 << 20)
        #expect(!truncated)
        #expect(
            text == """
                app;my worker [4242];[unknown];[libc.so.6];std::vector<int, std::allocator<int> >::push_back(int const&);podwatch_hot_function 2
                envoy;sidecar [77];main:odd 1

                """
        )
    }

    @Test func inputSplitAnywhereFoldsTheSame() {
        let bytes = Array(Self.script.utf8)
        var whole = StackFolder(roots: Self.roots)
        whole.push(bytes)
        whole.finish()
        for cut in stride(from: 1, to: bytes.count, by: 7) {
            var split = StackFolder(roots: Self.roots)
            split.push(bytes[..<cut])
            split.push(bytes[cut...])
            split.finish()
            #expect(split.counts == whole.counts)
        }
    }

    @Test func outputIsCutAtWholeStacksHeaviestFirst() {
        var folder = StackFolder(roots: Self.roots)
        folder.push(Array(Self.script.utf8))
        folder.finish()
        let (text, truncated) = folder.folded(limit: 150)
        #expect(truncated)
        #expect(text.hasPrefix("app;") && !text.contains("envoy"))
    }

    @Test func garbageIsIgnoredNotFatal() {
        var folder = StackFolder(roots: Self.roots)
        folder.push(Array("\t\tframe without a header\n\nnot-a-header\n\t 1 f (x)\n\n".utf8))
        folder.finish()
        #expect(folder.samples == 0)
    }
}
