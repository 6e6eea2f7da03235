import Testing
@testable import WordMining

@Suite struct DomainContrastTests {
    let domain = [WordCount("电网", 50), WordCount("电压", 40), WordCount("我们", 30), WordCount("变压器", 10), WordCount("今天", 20)]
    let general = [WordCount("电网", 5), WordCount("电压", 4), WordCount("我们", 300), WordCount("今天", 200), WordCount("足球", 100)]

    func scores(_ r: [ContrastedWord]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: r.compactMap { w in w.score.map { (w.word, $0) } })
    }

    @Test func contrastScoreFormulaWithRescaledGeneralCounts() throws {
        let c = DomainContrast(missing: .zero)
        let s = scores(try c.rank(domain: domain, general: general))
        // Σf_d = 150, Σf_g = 609: f_g' = f_g·150/609. Union of 6 words.
        let k = 150.0 / 609.0
        let T: [String: Double] = ["电网": 50 + 5 * k, "电压": 40 + 4 * k, "我们": 30 + 300 * k, "变压器": 10, "今天": 20 + 200 * k, "足球": 100 * k]
        let m = T.values.reduce(0, +) / 6, a = 150 / T.values.reduce(0, +)
        #expect(abs(s["电网"]! - (50 + m * a) / (T["电网"]! + m)) < 1e-12)
        #expect(abs(s["我们"]! - (30 + m * a) / (T["我们"]! + m)) < 1e-12)
        let (pm, pa) = try c.parameters(domain: domain, general: general)
        #expect(abs(pm - m) < 1e-9 && abs(pa - a) < 1e-12 && abs(a - 0.5) < 1e-12)
    }

    @Test func contrastScoreInvariantToScalingGeneralCounts() throws {
        let c = DomainContrast(missing: .zero)
        let s1 = scores(try c.rank(domain: domain, general: general))
        let s7 = scores(try c.rank(domain: domain, general: general.map { WordCount($0.word, $0.count * 7) }))
        for (w, v) in s1 { #expect(abs(v - s7[w]!) < 1e-12) }
    }

    @Test func contrastScoreLiesInOpenUnitIntervalAndIncreasesWithDomainCount() throws {
        let c = DomainContrast(missing: .zero)
        for s in scores(try c.rank(domain: domain, general: general)).values { #expect(s > 0 && s < 1) }
        var last = 0.0
        for fd in [1, 5, 20, 80] {
            let d = domain.filter { $0.word != "电网" } + [WordCount("电网", fd)]
            // Keep Σf_d fixed so f_g' stays fixed: move the difference to a word not in the test.
            let pad = [WordCount("填充", 200 - fd)]
            let s = scores(try c.rank(domain: d + pad, general: general))["电网"]!
            #expect(s > last)
            last = s
        }
    }

    @Test func equalDomainAndRescaledGeneralCountsScorePrior() throws {
        let c = DomainContrast(missing: .zero)
        let d = [WordCount("甲乙", 10), WordCount("丙丁", 30)], g = [WordCount("甲乙", 20), WordCount("丙丁", 60)]
        let s = scores(try c.rank(domain: d, general: g))
        let (_, a) = try c.parameters(domain: d, general: g)
        #expect(abs(s["甲乙"]! - a) < 1e-12 && abs(s["丙丁"]! - a) < 1e-12)
    }

    @Test func missingCountPolicyIgnoreReplicatesSuZeroScoresDomainOnlyWords() throws {
        let zero = try DomainContrast(missing: .zero).rank(domain: domain, general: general)
        // Domain-only word scored with f_g = 0: (10 + m·a)/(10 + m), m = 300/6, a = 1/2.
        let z = try #require(zero.first { $0.word == "变压器" }?.score)
        #expect(abs(z - 35.0 / 60.0) < 1e-12)
        let ignore = try DomainContrast(missing: .ignore).rank(domain: domain, general: general)
        #expect(ignore.last?.word == "变压器" && ignore.last?.score == nil)
        #expect(ignore.dropLast().allSatisfy { $0.score != nil })
        #expect(!zero.contains { $0.word == "足球" })  // general-only words are not domain words
    }

    @Test func singleCharacterWordsDroppedByDefault() throws {
        let r = try DomainContrast().rank(domain: [WordCount("电", 5), WordCount("电网", 5)], general: [WordCount("电", 1)])
        #expect(r.map(\.word) == ["电网"])
    }

    @Test func emptyOrNegativeInputThrows() {
        #expect(throws: WordMiningError.self) { try DomainContrast().rank(domain: [], general: general) }
        #expect(throws: WordMiningError.self) { try DomainContrast().rank(domain: [WordCount("a", -1)], general: general) }
    }
}
