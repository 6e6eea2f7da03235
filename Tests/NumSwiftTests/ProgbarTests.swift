import Testing
@testable import NumSwift

@Suite struct ProgbarTests {
    func bar(_ stateful: [String] = [], tty: Bool = false, out: Box) -> Progbar {
        var t = 0.0
        return Progbar(
            target: 3, statefulMetrics: stateful, isTTY: tty, write: { out.text += $0 },
            clock: {
                t += 0.01; return t
            })
    }
    final class Box { var text = "" }

    @Test func progbarAveragesValuesWeightedBySamples() {
        // Article 6311 §1.4: update(1, a=2), update(3, a=5) → (2·1 + 5·2) / 3 = 4.
        let out = Box()
        let p = bar(out: out)
        p.update(1, values: [("a", 2)])
        p.update(3, values: [("a", 5)])
        #expect(abs(p.value("a")! - 4) < 1e-12)
        #expect(out.text.contains("a: 4.0000"))
    }

    @Test func progbarStatefulMetricsShownAsGiven() {
        let out = Box()
        let p = bar(["a"], out: out)
        p.update(1, values: [("a", 2)])
        p.update(3, values: [("a", 5)])
        #expect(p.value("a") == 5)
        #expect(out.text.contains("a: 5.0000"))
    }

    @Test func progbarWithoutTTYWritesOneLineAtTheEnd() {
        let out = Box()
        let p = bar(out: out)
        p.update(1, values: [("loss", 1)])
        p.update(2, values: [("loss", 1)])
        #expect(out.text.isEmpty)
        p.update(3, values: [("loss", 1)])
        #expect(out.text.split(separator: "\n").count == 1)
        #expect(out.text.hasPrefix("3/3 ━━━━━━━━━━━━━━━━━━━━ 0s 10ms/step - loss: 1.0000"))
    }

    @Test func progbarOnTTYRedrawsInPlace() {
        let out = Box()
        let p = Progbar(target: 2, interval: 0, isTTY: true, write: { out.text += $0 }, clock: { 0 })
        p.update(1, values: [("loss", 3)])
        p.update(2, values: [("loss", 1)])
        #expect(out.text.filter { $0 == "\r" }.count == 2)
        #expect(out.text.hasSuffix("\n"))
        #expect(p.lastLine.contains("2/2"))
        #expect(p.lastLine.contains("loss: 2.0000"))
    }

    @Test func verboseZeroIsSilent() {
        let out = Box()
        let p = Progbar(target: 1, verbose: 0, isTTY: false, write: { out.text += $0 })
        p.update(1, values: [("x", 1)])
        #expect(out.text.isEmpty)
    }
}

@Suite struct ProgbarVerboseTwoTests {
    @Test func verboseTwoPrintsKerasEpochLineWithoutBar() {
        var out = ""
        var t = 0.0
        let p = Progbar(
            target: 4, verbose: 2, isTTY: true, write: { out += $0 },
            clock: {
                t += 0.5; return t
            })
        for i in 1...4 { p.update(i, values: [("loss", Double(i))]) }
        #expect(out == "4/4 - 2s - 500ms/step - loss: 2.5000\n")
    }

    /// Keras prints the elapsed seconds rounded (`f"{elapsed:.0f}s"`): 469 steps of 2 ms show "1s".
    @Test func elapsedSecondsAreRoundedNotTruncated() {
        var out = ""
        var t = 0.0
        let p = Progbar(target: 469, isTTY: false, write: { out += $0 }, clock: { t })
        t = 0.002
        p.update(1, values: [("loss", 0.5)])
        t = 0.938
        p.update(469, values: [("loss", 0.5)])
        #expect(out.hasPrefix("469/469 ━━━━━━━━━━━━━━━━━━━━ 1s 2ms/step - loss: 0.5000"), "\(out)")
    }
}
