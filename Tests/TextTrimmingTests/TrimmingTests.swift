import Testing
import TextTrimming

/// White space goes from both ends and only from the ends, whatever kind it is; text of nothing but white space is
/// empty.
@Suite struct TrimmingTests {
    @Test(arguments: [
        ("  checkout ", "checkout"), ("\t a b \r\n", "a b"), ("\u{00A0}x\u{2003}", "x"), ("   ", ""), ("", ""),
        ("plain", "plain"), ("é ", "é"),
    ])
    func bothEndsAreTrimmed(text: String, trimmed: String) {
        #expect(String(text.trimmingWhitespace) == trimmed)
        #expect(String(text.dropFirst(0).trimmingWhitespace) == trimmed)
    }
}
