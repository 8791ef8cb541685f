import Testing

@testable import PodwatchCLI

/// What reaches the user's terminal from the server (and through it from agents) cannot drive the terminal.
@Suite struct TableTests {
    @Test func escapesAndBidiOverridesBecomeQuestionMarks() {
        let hostile = "evil\u{1B}[2J\u{7}\u{9B}31m\u{202E}pod\ttab"
        let cell = Table.printable(hostile)
        #expect(!cell.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!cell.unicodeScalars.contains { $0.value == 0x202E })
        #expect(cell == "evil?[2J??31m?pod?tab")
        #expect(Table.printable(String(repeating: "x", count: 500)).count == Table.maximumCell)
    }

    @Test func jsonOutputEscapesC1Controls() {
        #expect(OutputOptions.escapingC1("a\u{9B}31mb\u{85}") == #"a\u009B31mb\u0085"#)
        #expect(OutputOptions.escapingC1("naïve") == "naïve")
    }

    @Test func columnsAlignThreeSpacesApart() {
        var table = Table(["NAME", "CPU"])
        table.append(["a-long-name", "5m"])
        table.append(["b", "1200m"])
        #expect(table.render() == "NAME          CPU\na-long-name   5m\nb             1200m\n")
    }

    @Test func quantitiesAsKubectlShowsThem() {
        #expect(Quantity.cores(0.0123) == "12m")
        #expect(Quantity.cores(12.4) == "12")
        #expect(Quantity.bytes(41_205_760) == "39Mi")
        #expect(Quantity.bytes(nil) == "-")
        #expect(Quantity.percent(5.25) == "5.3%" || Quantity.percent(5.25) == "5.2%")
        #expect(Quantity.percent(.nan) == "-")
        // Absurd values from a hostile server print; they never trap.
        for absurd in [1e300, -1e300, .infinity, -.infinity, .nan, -5] {
            _ = (Quantity.cores(absurd), Quantity.bytes(absurd), Quantity.percent(absurd), Quantity.number(absurd))
            _ = Quantity.age(milliseconds: absurd, now: 0)
        }
        #expect(Quantity.cores(1e300) == "1e+300")
        #expect(Quantity.bytes(-1) == "-")
        #expect(ProfileCommand.parseDuration("2m") == 120)
        #expect(ProfileCommand.parseDuration("30s") == 30)
        #expect(ProfileCommand.parseDuration("-3") == nil)
        #expect(ProfileCommand.parseDuration("99999999999m") == nil)
    }
}
