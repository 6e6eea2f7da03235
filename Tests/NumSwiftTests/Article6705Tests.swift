import Foundation
import Testing
@testable import NumSwift

/// One test per checklist item of Su, "Talking about reparameterisation: from normal distributions
/// to Gumbel Softmax" (kexue.fm/archives/6705), as digested in the article notes §3.6. Every
/// statistical test has a fixed seed and states its tolerance (a multiple of the standard error,
/// or a chi-square critical value), so it is deterministic.
@Suite struct Article6705Tests {
    /// Mean and (unbiased) variance of a sample.
    func moments(_ x: [Float]) -> (mean: Double, variance: Double) {
        let n = Double(x.count)
        let m = x.reduce(0.0) { $0 + Double($1) } / n
        let v = x.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / (n - 1)
        return (m, v)
    }

    /// Pearson's chi-square statistic of observed class counts against probabilities `p`.
    func chiSquare(_ samples: Tensor, _ p: [Double]) -> Double {
        var counts = [Double](repeating: 0, count: p.count)
        for s in samples.scalars { counts[Int(s)] += 1 }
        let n = Double(samples.count)
        return zip(counts, p).reduce(0.0) { $0 + ($1.0 - n * $1.1) * ($1.0 - n * $1.1) / (n * $1.1) }
    }

    // MARK: - Normal reparameterisation vs score function

    @Test func normalReparamAndScoreFunctionGradientsAreUnbiasedAndScoreFunctionHasLargerVariance() {
        // f(z) = z², z ~ N(μ, σ²): ∇_(μ,σ) E f = (2μ, 2σ). One copy of (μ, σ) per sample, so one
        // backward pass yields every per-sample gradient.
        let (mu, sigma, n) = (Float(0.7), Float(1.3), 200_000)
        let means = Tensor.full([n], mu).trackingGradients()
        let stds = Tensor.full([n], sigma).trackingGradients()
        var rng = RandomGenerator(seed: 6705)
        let z = Tensor.reparameterizedNormal(mean: means, std: stds, generator: &rng)
        let rp = gradients(of: z.squared().sum(), wrt: [means, stds]).map(\.scalars)
        // Score function on the same draws: only log p is differentiated, f(z) is a constant.
        let zs = z.detached()
        let logp = zs.normalLogProb(mean: means, std: stds)
        let sf = gradients(of: scoreFunctionSurrogate(logProb: logp, f: zs.squared()) * Float(n), wrt: [means, stds]).map(\.scalars)
        let targets = [2 * Double(mu), 2 * Double(sigma)]
        for k in 0..<2 {
            let (mr, vr) = moments(rp[k])
            let (ms, vs) = moments(sf[k])
            // Means within 4 standard errors of the exact gradient.
            #expect(abs(mr - targets[k]) < 4 * (vr / Double(n)).squareRoot(), "reparam component \(k): \(mr) vs \(targets[k])")
            #expect(abs(ms - targets[k]) < 4 * (vs / Double(n)).squareRoot(), "score function component \(k): \(ms) vs \(targets[k])")
            #expect(vs > vr, "component \(k): variance SF \(vs) should exceed RP \(vr)")
        }
    }

    @Test func samplingLayerDrawsMeanPlusStdTimesNoiseAndShapeInferenceDoesNotAdvanceIt() {
        let layer = Sampling(seed: 11)
        let before = layer.generator
        _ = layer([Input(shape: [3]), Input(shape: [3])])
        #expect(layer.generator == before)
        let mean = Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        let logVar = Tensor(shape: [2, 3], scalars: [0, 0.2, -0.4, 1, 0, -1])
        let z = layer([mean, logVar])[0]
        var g = before
        let eps = Tensor.randomNormal([2, 3], generator: &g)
        let expected = mean + (logVar * 0.5).exp() * eps
        #expect(maxRelDiff(z.scalars, expected.scalars) < 1e-6)
    }

    // MARK: - Gumbel-Max

    @Test func gumbelMaxFrequenciesMatchSoftmaxAndAreInvariantToShiftsAndToLogProbabilities() {
        let logits = Tensor([1.2, -0.3, 0.0, 2.1, -1.5, 0.4])
        let p = logits.softmax().scalars.map(Double.init)
        let n = 60_000
        let batch = logits.unsqueezed(axis: 0).expand(to: [n, 6])
        // Chi-square with 5 degrees of freedom: P(χ² > 20.52) = 0.001.
        var rng = RandomGenerator(seed: 1)
        let direct = Tensor.categorical(logits: batch, generator: &rng)
        #expect(chiSquare(direct, p) < 20.52)
        let shifted = Tensor.categorical(logits: batch + 37.5, generator: &rng)
        #expect(chiSquare(shifted, p) < 20.52)
        let fromLogP = Tensor.categorical(logits: batch.logSoftmax(), generator: &rng)
        #expect(chiSquare(fromLogP, p) < 20.52)
        // And a wrong distribution is rejected by the same test (its power at this n).
        #expect(chiSquare(direct, [Double](repeating: 1.0 / 6, count: 6)) > 20.52)
    }

    @Test func gumbelMaxAlongAnAxisOtherThanTheLast() {
        // Classes on axis 0: a column with one dominant logit always picks it.
        let logits = Tensor(shape: [3, 2], scalars: [0, 40, 40, 0, 0, 0])
        var rng = RandomGenerator(seed: 2)
        let s = logits.gumbelMax(axis: 0, generator: &rng)
        #expect(s.shape == [2])
        #expect(s.scalars == [1, 0])
    }

    // MARK: - Gumbel noise

    @Test func gumbelNoiseHasEulerMascheroniMeanAndPiSquaredOverSixVariance() {
        var rng = RandomGenerator(seed: 5772)
        let n = 1_000_000
        let g = Tensor.gumbelNoise([n], generator: &rng)
        #expect(g.isFinite)
        let (m, v) = moments(g.scalars)
        let variance = Double.pi * Double.pi / 6
        // Standard errors: σ/√n for the mean; σ²·√(κ − 1)/√n for the variance, Gumbel kurtosis κ = 5.4.
        #expect(abs(m - 0.577_215_66) < 4 * (variance / Double(n)).squareRoot())
        #expect(abs(v - variance) < 4 * variance * (4.4 / Double(n)).squareRoot())
    }

    // MARK: - Gumbel-Softmax

    @Test func gumbelSoftmaxLiesOnTheSimplex() {
        let x = GradInputs.normal([500, 10], seed: 3, std: 2)
        var rng = RandomGenerator(seed: 4)
        for tau: Float in [0.1, 0.5, 1, 5] {
            let y = x.gumbelSoftmax(tau: tau, generator: &rng)
            let sums = y.sum(axes: [1]).scalars
            #expect(sums.allSatisfy { abs($0 - 1) < 1e-5 }, "τ \(tau)")
            #expect(y.scalars.allSatisfy { $0 >= 0 && $0 <= 1 }, "τ \(tau)")
        }
        // At τ = 1 with moderate logits every entry is strictly inside (0, 1).
        let y = x.gumbelSoftmax(tau: 1, generator: &rng)
        #expect(y.scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func gumbelSoftmaxApproachesOneHotAsTauGoesToZeroAndUniformAsTauGrows() {
        let x = GradInputs.normal([1000, 10], seed: 5)
        var rng = RandomGenerator(seed: 6)
        let cold = x.gumbelSoftmax(tau: 0.01, generator: &rng)
        let coldMax = cold.max(axes: [1]).scalars
        // The mean largest entry is within 1% of a one-hot's.
        #expect(coldMax.reduce(0, +) / 1000 > 0.99)
        let hot = x.gumbelSoftmax(tau: 1000, generator: &rng)
        #expect(hot.scalars.allSatisfy { abs($0 - 0.1) < 0.002 })
    }

    @Test(arguments: [Float(0.01), 0.1, 0.5, 1, 3])
    func argmaxOfGumbelSoftmaxEqualsTheGumbelMaxSampleForTheSameNoise(tau: Float) {
        let x = GradInputs.normal([2000, 7], seed: 7)
        let rng = RandomGenerator(seed: 8)
        var (a, b, c) = (rng, rng, rng)
        let soft = x.gumbelSoftmax(tau: tau, generator: &a).argmax(axis: -1).scalars
        let sampled = x.gumbelMax(generator: &b).scalars
        let byHand = (x + Tensor.gumbelNoise([2000, 7], generator: &c)).argmax(axis: -1).scalars
        #expect(soft == sampled)
        #expect(sampled == byHand)
        #expect(a == b && b == c)  // each consumed the same blocks
    }

    @Test func gumbelResultsDoNotDependOnTheThreadCount() {
        let x = GradInputs.normal([400, 1000], seed: 9)
        let rng = RandomGenerator(seed: 10)
        func run(_ threads: Int) -> [[Float]] {
            Parallel.withThreads(threads) {
                var (a, b, c) = (rng, rng, rng)
                return [
                    x.gumbelSoftmax(tau: 0.5, generator: &a).scalars, x.gumbelMax(generator: &b).scalars,
                    Tensor.gumbelNoise([400, 1000], generator: &c).scalars,
                ]
            }
        }
        #expect(run(1) == run(2))
        #expect(run(1) == run(3))
    }

    @Test func straightThroughIsAnExactOneHotForwardWithTheSoftGradient() {
        let x = GradInputs.normal([50, 6], seed: 12)
        let w = GradInputs.normal([50, 6], seed: 13)
        let rng = RandomGenerator(seed: 14)
        var (a, b, c) = (rng, rng, rng)
        let xh = x.trackingGradients()
        let hard = xh.gumbelSoftmax(tau: 0.3, hard: true, generator: &a)
        let expected = x.gumbelMax(generator: &b).oneHot(depth: 6)
        #expect(hard.scalars == expected.scalars)
        let xs = x.trackingGradients()
        let soft = xs.gumbelSoftmax(tau: 0.3, generator: &c)
        let gHard = gradients(of: (hard * w).sum(), wrt: [xh])[0].scalars
        let gSoft = gradients(of: (soft * w).sum(), wrt: [xs])[0].scalars
        #expect(gHard == gSoft)
        #expect(gSoft.contains { $0 != 0 })
    }

    @Test func gumbelSoftmaxLayerReadsTheTemperatureAtEachCallAndShapeInferenceDoesNotAdvanceIt() {
        let t = Temperature(1)
        let layer = GumbelSoftmax(temperature: t, seed: 15)
        let before = layer.generator
        _ = layer(Input(shape: [4, 10]))
        #expect(layer.generator == before)
        let x = GradInputs.normal([3, 4, 10], seed: 16)
        t.value = 0.25
        let y = layer(x)
        var g = before
        #expect(y.scalars == x.gumbelSoftmax(tau: 0.25, generator: &g).scalars)
        #expect(layer.generator == g)
    }

    // MARK: - Temperature schedule

    @Test func temperatureScheduleReproducesSusPerBatchAnnealing() throws {
        let s = TemperatureSchedule.su
        #expect(s(0) == 1)
        #expect(abs(s(600) - 0.553) < 1e-3)
        #expect(abs(s(3000) - 0.059) < 1e-3)
        #expect(abs(s(6000) - 0.0124) < 1e-4)
        let general = TemperatureSchedule.exponential(max: 2, min: 0.5, rate: 0.9)
        #expect(abs(general(3) - (0.5 + 1.5 * 0.729)) < 1e-6)
        // The callback sets τ_t before batch t, counting across epochs.
        let t = Temperature()
        let cb = TemperatureScheduler(t, schedule: s)
        var seen: [Float] = []
        for epoch in 0..<2 {
            try cb.onEpochBegin(epoch, logs: [:])
            for b in 0..<600 {
                try cb.onBatchBegin(b, logs: [:])
                seen.append(t.value)
            }
        }
        #expect(seen[0] == 1)
        #expect(seen[600] == s(600))
        #expect(cb.step == 1200)
    }

    // MARK: - Score function on a discrete variable

    @Test func scoreFunctionEstimatorWorksForDiscreteZFromLogPAndFValuesOnly() {
        // E_{y~softmax(θ)} f(y) with an arbitrary table f: ∇_θ = p ⊙ (f − Σ p f). The table has a
        // large common offset, which leaves the gradient unchanged but inflates the variance of
        // the plain estimator; a baseline at E f removes it.
        let theta = Tensor([0.3, -0.8, 1.1, 0.0])
        let table: [Float] = [11, 14, 8, 10.5]
        let p = theta.softmax().scalars
        let mean = zip(p, table).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let exact = (0..<4).map { Double(p[$0] * (table[$0] - mean)) }
        let n = 100_000
        var rng = RandomGenerator(seed: 17)
        let thetas = theta.unsqueezed(axis: 0).expand(to: [n, 4]).detached().trackingGradients()
        let y = Tensor.categorical(logits: thetas, generator: &rng)
        let f = Tensor(y.scalars.map { table[Int($0)] })
        let logp = (thetas.logSoftmax() * y.oneHot(depth: 4)).sum(axes: [-1])
        var variances: [[Double]] = []
        for baseline in [nil, Tensor(mean)] {
            let loss = scoreFunctionSurrogate(logProb: logp, f: f, baseline: baseline) * Float(n)
            let g = gradients(of: loss, wrt: [thetas])[0]
            var vs: [Double] = []
            for k in 0..<4 {
                let (m, v) = moments(g.slice(axis: 1, k..<(k + 1)).scalars)
                #expect(abs(m - exact[k]) < 4 * (v / Double(n)).squareRoot(), "class \(k): \(m) vs \(exact[k])")
                vs.append(v)
            }
            variances.append(vs)
        }
        // The baseline at E f leaves the estimate unbiased and removes the offset's variance.
        for k in 0..<4 { #expect(variances[1][k] < variances[0][k]) }
    }

    // MARK: - Gradient checks of the new ops

    @Test func gradientChecksOfTheSamplingOps() {
        let x = GradInputs.normal([3, 5], seed: 18)
        let soft = gradientCheck([x]) { v in
            var g = RandomGenerator(seed: 19)
            return v[0].gumbelSoftmax(tau: 0.7, generator: &g)
        }
        #expect(soft.relativeError < 1e-2, "\(soft)")
        let axis0 = gradientCheck([x]) { v in
            var g = RandomGenerator(seed: 20)
            return v[0].gumbelSoftmax(tau: Tensor(1.5), axis: 0, generator: &g)
        }
        #expect(axis0.relativeError < 1e-2, "\(axis0)")
        let mean = GradInputs.normal([4], seed: 21), std = GradInputs.uniform([4], seed: 22, lo: 0.5, hi: 2)
        let rp = gradientCheck([mean, std]) { v in
            var g = RandomGenerator(seed: 23)
            return Tensor.reparameterizedNormal(mean: v[0], std: v[1], generator: &g)
        }
        #expect(rp.relativeError < 1e-2, "\(rp)")
        let z = GradInputs.normal([4], seed: 24)
        let lp = gradientCheck([z, mean, std]) { $0[0].normalLogProb(mean: $0[1], std: $0[2]) }
        #expect(lp.relativeError < 1e-2, "\(lp)")
        let sf = gradientCheck([GradInputs.normal([6], seed: 25)]) {
            scoreFunctionSurrogate(logProb: $0[0], f: GradInputs.normal([6], seed: 26), baseline: Tensor(0.3)).reshape([1])
        }
        #expect(sf.relativeError < 1e-2, "\(sf)")
        let sampling = gradientCheck([mean.reshape([1, 4]), GradInputs.normal([1, 4], seed: 27, std: 0.5)]) { v in
            Sampling(seed: 28)(v)[0]
        }
        #expect(sampling.relativeError < 1e-2, "\(sampling)")
    }
}
