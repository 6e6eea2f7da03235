import Foundation
import NumSwift
import Testing
@testable import RelationExtraction

/// Checklist items of article 6671 (§2.8) that concern the extractor as a whole; the layer
/// items (receptive field 55, attention mask, gated residual) are in NumSwiftTests
/// (DGCNNBlockTests, MultiHeadSelfAttentionTests), decoding in PointerDecodingTests and the
/// metric in IEScoringTests.
@Suite struct Article6671Tests {
    static let schema = try! Schema(predicates: ["职务", "任职于"])
    static let sentences = [
        Sentence(text: "国务院副总理吴邦国会见了客人", triples: [Triple("吴邦国", "职务", "副总理"), Triple("吴邦国", "任职于", "国务院")]),
        Sentence(text: "新华社记者李四报道", triples: [Triple("李四", "职务", "记者"), Triple("李四", "任职于", "新华社")]),
        Sentence(text: "外交部部长唐家璇", triples: [Triple("唐家璇", "职务", "部长"), Triple("唐家璇", "任职于", "外交部")]),
        Sentence(text: "今天天气很好", triples: []),
    ]

    func tinyExtractor(lite: Bool = false, seed: UInt64 = 1) -> Extractor {
        var c = ExtractorConfig(predicates: Self.schema.predicates, charVocabularySize: 0)
        let vocab = CharVocabulary(counting: Self.sentences.map(\.text), minCount: 1)
        c.charVocabularySize = vocab.size
        c.dimension = 16
        c.heads = 2
        c.headSize = 8
        c.maxLength = 40
        c.dilations = [1, 2]
        c.lite = lite
        let m = DGCNNExtractor(config: c, seed: seed)
        m.build()
        return Extractor(model: m, builder: BatchBuilder(vocabulary: vocab, words: nil, maxLength: c.maxLength))
    }

    @Test func subjectEncoderUsesSixInterpolatedPositions() {
        #expect(DGCNNExtractor.interpolatedPositions(k1: 3, k2: 3) == [3, 3, 3, 3, 3, 3])
        // round(k1·a + k2·(1 − a)) for a = 0, .2, .4, .6, .8, 1: from the end back to the start.
        #expect(DGCNNExtractor.interpolatedPositions(k1: 2, k2: 7) == [7, 6, 5, 4, 3, 2])
        #expect(DGCNNExtractor.interpolatedPositions(k1: 0, k2: 2) == [2, 2, 1, 1, 0, 0])
    }

    @Test func positionTableStartsAtZeroAndIsSharedByAbsoluteAndRelativePositions() throws {
        let e = tinyExtractor()
        let table = e.model.positionEmbedding.embeddings!
        #expect(table.value.scalars.allSatisfy { $0 == 0 })
        // The table is one weight, used twice: its gradient collects both uses.
        #expect(e.model.weights.filter { $0 === table }.count == 1)
        let inputs = e.builder.inputs([Array("国务院副总理吴邦国".unicodeScalars)])
        let enc = e.model.encode(inputs, training: false)
        let (o1, _) = e.model.objectProbabilities(enc, k1: [6], k2: [8], training: false)
        let g = gradients(of: o1.sum(), wrt: [table])[0]
        // Rows |i − 6| and |i − 8| for i < 9 reach up to 8: all of rows 0…8 get a gradient.
        let rows = (0..<40).filter { r in (0..<16).contains { g.scalars[r * 16 + $0] != 0 } }
        #expect(rows == Array(0...8))
    }

    @Test func lossSumsPredicatesInsideThenTakesTheMaskedMeanOverPositions() {
        let m = Tensor(shape: [1, 3], scalars: [1, 1, 0])
        var t = TrainingTargets([], length: 3, predicates: 2, generator: &KerasRandomHolder.g)
        t.subjectStarts = Tensor(shape: [1, 3], scalars: [1, 0, 0])
        t.subjectEnds = Tensor(shape: [1, 3], scalars: [0, 1, 0])
        t.objectStarts = Tensor(shape: [1, 3, 2], scalars: [0, 1, 0, 0, 0, 0])
        t.objectEnds = Tensor(shape: [1, 3, 2], scalars: [0, 0, 0, 1, 0, 0])
        let ps = Tensor(shape: [1, 3], scalars: [0.8, 0.3, 0.99]), pe = Tensor(shape: [1, 3], scalars: [0.1, 0.6, 0.99])
        let po = Tensor(shape: [1, 3, 2], scalars: [0.2, 0.7, 0.1, 0.1, 0.9, 0.9])
        let loss = ExtractorLoss.total(subjects: (ps, pe), objects: (po, po), targets: t, mask: m).scalar
        func bce(_ y: Double, _ p: Double) -> Double { -(y * log(p) + (1 - y) * log(1 - p)) }
        // Position 2 is padding: its (large) losses do not count, and the mean divides by 2.
        let s1 = (bce(1, 0.8) + bce(0, 0.3)) / 2, s2 = (bce(0, 0.1) + bce(1, 0.6)) / 2
        let o1 = (bce(0, 0.2) + bce(1, 0.7) + bce(0, 0.1) + bce(0, 0.1)) / 2
        let o2 = (bce(0, 0.2) + bce(0, 0.7) + bce(0, 0.1) + bce(1, 0.1)) / 2
        #expect(abs(Double(loss) - (s1 + s2 + o1 + o2)) < 1e-4)
    }

    @Test func emaIsZeroDebiasedAndSwappedInAndOut() {
        let v = Variable(Tensor([1, 2]), name: "w")
        let ema = WeightAverage([v], decay: 0.9999, schedule: .zeroDebiased)
        ema.update()
        #expect(maxDiff(ema.averages[0].scalars, [1, 2]) < 1e-3)  // one step: the weights themselves
        v.value = Tensor([3, 4])
        ema.update()
        #expect(maxDiff(ema.averages[0].scalars, [2, 3]) < 1e-3)  // early on: nearly the plain mean
        ema.apply()
        #expect(maxDiff(v.value.scalars, [2, 3]) < 1e-3)
        ema.restore()
        #expect(v.value.scalars == [3, 4])
    }

    @Test func emaDecay09999WithTheNumUpdatesRampFollowsTrainingOnFewSteps() {
        let v = Variable(Tensor([1, 2]), name: "w")
        let ema = WeightAverage([v], decay: 0.9999)  // default schedule: .numUpdates
        #expect(ema.schedule == .numUpdates && ema.decay == 0.9999)
        #expect(abs(ema.decay(atStep: 1) - 0.1) < 1e-12)  // TensorFlow: (1 + 0) / (10 + 0)
        #expect(abs(ema.decay(atStep: 101) - 101.0 / 110.0) < 1e-12)
        #expect(ema.decay(atStep: 1_000_000) == 0.9999)  // the article's decay is the asymptote
        ema.update()
        #expect(maxDiff(ema.averages[0].scalars, [1, 2]) < 1e-6)  // the shadow starts at the weights
        v.value = Tensor([3, 4])
        ema.update()
        let d = 2.0 / 11.0
        #expect(maxDiff(ema.averages[0].scalars, [Float(d * 1 + (1 - d) * 3), Float(d * 2 + (1 - d) * 4)]) < 1e-5)
        ema.reset()
        #expect(ema.steps == 0 && ema.averages[0].scalars == [3, 4])
    }

    @Test func emaNumUpdatesForgetsEarlyWeightsWhereZeroDebiasingDoesNot() {
        // 100 steps at w = 1, then 100 at w = 3 (about 2.6 epochs of pd199801-IE).
        func run(_ schedule: WeightAverage.Schedule) -> Float {
            let v = Variable(Tensor([1]), name: "w")
            let ema = WeightAverage([v], decay: 0.9999, schedule: schedule)
            for t in 0..<200 {
                v.value = Tensor([t < 100 ? 1 : 3])
                ema.update()
            }
            return ema.averages[0].scalars[0]
        }
        #expect(abs(run(.zeroDebiased) - 2) < 0.01)  // the plain mean: half the untrained weights
        // ∏ (t / (9 + t)) for t = 101…200 ≈ (110/210)^9 ≈ 0.003 of the old value remains.
        #expect(abs(run(.numUpdates) - 3) < 0.01)
    }

    @Test(arguments: [false, true])
    func trainingLowersTheLossAndTheSavedModelPredictsTheSame(_ lite: Bool) throws {
        let e = tinyExtractor(lite: lite)
        var o = TrainingOptions()
        o.epochs = 3
        o.batchSize = 2
        o.verbose = 0
        o.augment = true
        var losses: [Double] = []
        try ExtractorTrainer(extractor: e, training: Self.sentences, options: o).fit(dev: Self.sentences) { losses.append($0.loss) }
        #expect(losses.count == 3 && losses.last! < losses.first!)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ie-model-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ModelStore.save(e, settings: .init(lowercase: false), to: dir, wordsFile: nil, vectorsFile: nil)
        let back = try ModelStore.load(from: dir)
        let texts = Self.sentences.map(\.text)
        let a = withNoGrad {
            e.model.subjectProbabilities(e.model.encode(e.builder.inputs(texts.map { Array($0.unicodeScalars) }), training: false), training: false)
        }
        let b = withNoGrad {
            back.model.subjectProbabilities(back.model.encode(back.builder.inputs(texts.map { Array($0.unicodeScalars) }), training: false), training: false)
        }
        #expect(a.starts == b.starts && a.ends == b.ends)
        #expect(e.extract(texts) == back.extract(texts))
    }

    @Test func aBadModelDirectoryIsAnErrorNamingTheFile() {
        #expect(throws: RelationExtractionError.self) { try ModelStore.load(from: "/nonexistent/model") }
    }
}

enum KerasRandomHolder { nonisolated(unsafe) static var g = RandomGenerator(seed: 1) }

func maxDiff(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
