import Foundation
import Testing
@testable import WordMining

@Suite struct SeedExpansionTests {
    @Test func expansionThresholdScheduleMatchesFormula() {
        let e = SeedExpansion()
        let expected: [Float] = [0.6, 0.7181, 0.8014, 0.8600, 0.9014, 0.9305, 0.9510]
        for (d, v) in expected.enumerated() { #expect(abs(e.threshold(depth: d) - v) < 1e-4) }
        var e2 = SeedExpansion()
        e2.alpha = 0.25
        let expected2: [Float] = [0.6, 0.6885, 0.7574, 0.8111, 0.8528, 0.8854, 0.9107]
        for (d, v) in expected2.enumerated() { #expect(abs(e2.threshold(depth: d) - v) < 1e-4) }
        // Without centre/negative words the floor is 0.6 (Su's max(min_sim, 0.6)).
        var e3 = SeedExpansion()
        e3.minSim = 0.3
        #expect(e3.threshold(depth: 0) == 0.6)
        e3.centerWords = ["x"]
        #expect(e3.threshold(depth: 0) == 0.3)
    }

    /// Vectors on a circle: angle gaps set the cosines exactly.
    static func chain() -> WordVectors {
        // 电网 at 0°, 电压 at 30° (cos 0.866 from 电网), 变压器 at 50° (cos 0.940 from 电压, 0.643 from 电网),
        // 足球 at 120°.
        let words = ["电网", "电压", "变压器", "足球"]
        let deg: [Double] = [0, 30, 50, 120]
        var v: [Float] = []
        for a in deg { v += [Float(cos(a * .pi / 180)), Float(sin(a * .pi / 180))] }
        return WordVectors(words: words, dim: 2, vectors: v)
    }

    @Test func expansionIsTransitiveWithTighteningThresholdAndSeedsAlwaysKept() {
        var e = SeedExpansion()
        e.filter = nil
        let out = e.expand(seeds: ["电网", "不在词表"], vectors: Self.chain())
        // depth 0 threshold 0.6: 电压 (0.866) and 变压器 (0.643) join at depth 1; 足球 (−0.5) does not.
        #expect(out.map(\.word) == ["电网", "不在词表", "电压", "变压器"])
        #expect(out.map(\.depth) == [0, 0, 1, 1])
        // Deterministic given the vectors.
        #expect(e.expand(seeds: ["电网", "不在词表"], vectors: Self.chain()) == out)
    }

    @Test func expansionStopsWhenThresholdRises() {
        // A chain on the circle. Each step's cosine just passes the threshold of its depth
        // (0.643 ≥ 0.6, 0.766 ≥ 0.7181, 0.819 ≥ 0.8014, 0.906 ≥ 0.8600), and the last one,
        // cos 26° = 0.899 < 0.9014, does not: the walk stops although the chain goes on.
        let deg: [Double] = [0, 50, 90, 125, 150, 176]
        let words = ["电网", "甲网", "乙网", "丙网", "丁网", "戊网"]
        var v: [Float] = []
        for a in deg { v += [Float(cos(a * .pi / 180)), Float(sin(a * .pi / 180))] }
        var e = SeedExpansion()
        e.filter = nil
        let out = e.expand(seeds: ["电网"], vectors: WordVectors(words: words, dim: 2, vectors: v))
        #expect(out.map(\.word) == ["电网", "甲网", "乙网", "丙网", "丁网"])
        #expect(out.map(\.depth) == [0, 1, 2, 3, 4])
        for w in out.dropFirst() { #expect(w.similarity! >= e.threshold(depth: w.depth - 1)) }
    }

    @Test func expansionHonoursCenterAndNegativeWords() {
        var e = SeedExpansion()
        e.filter = nil
        e.minSim = 0.6
        // Negative 电压 pushes the query from 电网 away from 30°: 电压 and 变压器 drop below 0.6.
        e.negativeWords = ["电压"]
        let out = e.expand(seeds: ["电网"], vectors: Self.chain())
        #expect(!out.contains { $0.word == "变压器" })
        var c = SeedExpansion()
        c.filter = nil
        c.centerWords = ["足球"]
        // Query 电网+足球 points at 60°: 足球 (cos 60° = 0.5) misses depth 0, but from 变压器 the
        // query 变压器+足球 points at ~85°, cos 35° = 0.819 ≥ 0.7181: it joins at depth 2.
        let out2 = c.expand(seeds: ["电网"], vectors: Self.chain())
        #expect(out2.first { $0.word == "足球" }?.depth == 2)
    }

    @Test func expansionAppliesRuleFilterButNotToSeeds() {
        var e = SeedExpansion()
        e.filter = RuleFilter()
        let out = e.expand(seeds: ["电网"], vectors: Self.chain())
        #expect(out.map(\.word) == ["电网", "电压", "变压器"])
        var f = RuleFilter()
        f.extra = [{ $0 != "电压" }]
        e.filter = f
        let out2 = e.expand(seeds: ["电网"], vectors: Self.chain())
        #expect(!out2.contains { $0.word == "电压" })
    }
}

@Suite struct RuleFilterTests {
    @Test func ruleFilterRejectsTheArticleCategories() {
        let f = RuleFilter()
        #expect(f.isGood("变压器"))
        #expect(f.isGood("输电线路"))
        #expect(!f.isGood("电"))  // too short
        #expect(!f.isGood("abc"))  // no CJK
        #expect(!f.isGood("较高电压"))  // degree character
        #expect(!f.isGood("电网的"))  // particle
        #expect(!f.isGood("电力局"))  // bad last character
        #expect(!f.isGood("每台设备"))  // bad first character
        #expect(!f.isGood("电力公司"))  // bad trailing bigram
        #expect(!f.isGood("考虑电压"))  // bad leading bigram
        #expect(!f.isGood("电气硕士"))  // degree word
        #expect(!f.isGood("哈哈"))  // repeated character
        #expect(!f.isGood("三相"))  // numeral pair
        #expect(!f.isGood("厂月"))  // only simple-stroke characters
        #expect(!f.isGood("进一步研究"))
    }

    @Test func ruleFilterPredicatesAreConfigurable() {
        var f = RuleFilter()
        f.rejectNumeralPairs = false
        #expect(f.isGood("三相"))
        f.extra = [{ !$0.hasSuffix("相") }]
        #expect(!f.isGood("三相"))
    }
}
