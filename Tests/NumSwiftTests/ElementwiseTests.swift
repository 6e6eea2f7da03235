import Foundation
import Testing
@testable import NumSwift

@Suite struct ElementwiseTests {
    static let grid: [Float] = stride(from: -30, through: 30, by: 0.37).map { Float($0) } + [0, -0.0, 1e-4, -1e-4, 1e-7]

    @Test func unaryMapsMatchFoundationWithinAFewUlps() {
        let x = Tensor(Self.grid)
        // Tolerances are a few ulps times the condition number of the map on the grid; only the
        // tanh-form GELU is ill-conditioned in its tail: e^{-2u} with |2u| up to ~90 magnifies the
        // float rounding of u = √(2/π)(x + 0.044715x³) about 90-fold.
        let cases: [(String, Tensor, (Float) -> Float)] = [
            ("exp", x.exp(), { Foundation.exp($0) }),
            ("expm1", x.expm1(), { Foundation.expm1($0) }),
            ("tanh", x.tanh(), { Foundation.tanh($0) }),
            ("sigmoid", x.sigmoid(), { Float(1 / (1 + Foundation.exp(-Double($0)))) }),
            ("softplus", x.softplus(), { Float(Foundation.log1p(Foundation.exp(Double($0)))) }),
            ("relu", x.relu(), { Swift.max($0, 0) }),
            ("abs", x.abs(), { Swift.abs($0) }),
            ("neg", -x, { -$0 }),
            ("squared", x.squared(), { $0 * $0 }),
            ("gelu", x.gelu(), { Float(0.5 * Double($0) * Foundation.erfc(-Double($0) / 2.0.squareRoot())) }),
            (
                "gelu tanh", x.gelu(approximate: true),
                { v in
                    let d = Double(v)
                    // 0.5 (1 + tanh u) written as 1 / (1 + e^{-2u}) so the reference does not cancel.
                    let u = (2 / Double.pi).squareRoot() * (d + 0.044715 * d * d * d)
                    return Float(d / (1 + Foundation.exp(-2 * u)))
                }
            ),
        ]
        for (name, y, f) in cases {
            let ref = Self.grid.map(f)
            // Relative error per element (absolute near zero, where relative is meaningless).
            var worst: Float = 0
            for (u, v) in zip(y.scalars, ref) { worst = Swift.max(worst, Swift.abs(u - v) / Swift.max(Swift.abs(v), 1e-30)) }
            let tolerance: Float = name == "gelu tanh" ? 2e-5 : 4e-6
            #expect(worst < tolerance, "\(name): worst relative error \(worst)")
        }
    }

    @Test func positiveDomainMapsMatchFoundation() {
        let x = Tensor(stride(from: 0.01, through: 50, by: 0.173).map { Float($0) })
        let v = x.scalars
        #expect(maxRelDiff(x.log().scalars, v.map { Foundation.log($0) }) < 1e-6)
        #expect(maxRelDiff(x.log1p().scalars, v.map { Foundation.log1p($0) }) < 1e-6)
        #expect(maxRelDiff(x.sqrt().scalars, v.map { $0.squareRoot() }) < 1e-6)
        #expect(maxRelDiff(x.rsqrt().scalars, v.map { 1 / $0.squareRoot() }) < 1e-6)
        #expect(maxRelDiff(x.pow(1.7).scalars, v.map { Foundation.pow($0, 1.7) }) < 1e-6)
    }

    @Test func extremeInputsSaturateInsteadOfOverflowing() {
        let x = Tensor([-1000, -100, 100, 1000, .nan])
        let e = x.exp().scalars
        #expect(e[0] == 0 && e[1] == 0 && e[2] == .infinity && e[3] == .infinity && e[4].isNaN)
        #expect(x.sigmoid().scalars[..<4] == [0, 0, 1, 1])
        #expect(x.tanh().scalars[..<4] == [-1, -1, 1, 1])
        let sp = x.softplus().scalars
        #expect(sp[0] == 0 && sp[2] == 100 && sp[3] == 1000)
    }

    @Test(arguments: [([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]), ([2, 1, 4], [3, 1]), ([1], [2, 3]), ([], [2, 2]), ([4, 1], [1, 5])])
    func broadcastingMatchesReference(_ sa: [Int], _ sb: [Int]) {
        var g = RandomGenerator(seed: 1)
        let a = Tensor.randomNormal(sa, generator: &g), b = Tensor.randomUniform(sb, lo: 0.5, hi: 2, generator: &g)
        #expect((a + b) == naiveBroadcast(a, b, +))
        #expect((a - b) == naiveBroadcast(a, b, -))
        #expect((a * b) == naiveBroadcast(a, b, *))
        #expect((a / b) == naiveBroadcast(a, b, /))
        #expect((b - a) == naiveBroadcast(b, a, -))
        #expect((b / a) == naiveBroadcast(b, a, /))
        #expect(Tensor.maximum(a, b) == naiveBroadcast(a, b) { Swift.max($0, $1) })
        #expect((a .< b) == naiveBroadcast(a, b) { $0 < $1 ? 1 : 0 })
        #expect((a .>= b) == naiveBroadcast(a, b) { $0 >= $1 ? 1 : 0 })
    }

    @Test func scalarOperandsAndCompoundAssignment() {
        var t = Tensor([1, 2, 3])
        t += 1
        t *= 2
        #expect(t.scalars == [4, 6, 8])
        #expect((10 - t).scalars == [6, 4, 2])
        #expect((8 / t).scalars == [2, 8 / 6, 1])
        #expect((t .== 6).scalars == [0, 1, 0])
        #expect((t .!= 6).scalars == [1, 0, 1])
    }

    @Test func whereSelectsWithBroadcasting() {
        let c = Tensor(shape: [2, 1], scalars: [1, 0])
        let y = Tensor.where(c, Tensor([1, 2, 3]), Tensor(-1))
        #expect(y.shape == [2, 3] && y.scalars == [1, 2, 3, -1, -1, -1])
    }

    @Test func clampAndSign() {
        let x = Tensor([-2, -0.5, 0, 0.5, 2])
        #expect(x.clamp(min: -1, max: 1).scalars == [-1, -0.5, 0, 0.5, 1])
        #expect(x.sign().scalars == [-1, -1, 0, 1, 1])
        #expect(Tensor([0.5, 1.5, -2.5, 0.49]).rounded().scalars == [0, 2, -2, 0])
    }

    @Test func largeMapsAreIdenticalAtAnyThreadCount() {
        var g = RandomGenerator(seed: 8)
        let a = Tensor.randomNormal([300_001], generator: &g), b = Tensor.randomNormal([300_001], generator: &g)
        let results = [1, 2, 3].map { t in Parallel.withThreads(t) { (a.tanh() * b + 2).scalars } }
        #expect(results[0] == results[1] && results[1] == results[2])
    }

    @Test func mapAndApproximateEquality() {
        let x = Tensor([1, 2, 3])
        #expect(x.map { $0 * $0 + 1 }.scalars == [2, 5, 10])
        #expect(x.isApproximatelyEqual(to: x + 1e-7))
        #expect(!x.isApproximatelyEqual(to: x + 1e-3))
        #expect(!x.isApproximatelyEqual(to: x.reshape([3, 1])))
        #expect(!Tensor([.nan]).isApproximatelyEqual(to: Tensor([.nan])))
    }

    @Test func nanPropagatesSoDivergenceStaysVisible() {
        let x = Tensor([1, .nan, -2])
        #expect(x.relu().scalars[1].isNaN)
        #expect(Tensor.maximum(x, Tensor(0)).scalars[1].isNaN)
        #expect(Tensor.minimum(Tensor(0), x).scalars[1].isNaN)
        #expect(x.max().scalar.isNaN && x.min().scalar.isNaN)
        #expect(x.sum().scalar.isNaN)
        #expect(x.reshape([1, 3]).softmax().scalars.allSatisfy { $0.isNaN })
        #expect(x.clamp(min: 0, max: 1).scalars[1].isNaN)
        #expect(!x.isFinite && Tensor([1, 2]).isFinite)
    }
}
