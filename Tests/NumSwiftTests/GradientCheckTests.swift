import Testing
@testable import NumSwift

/// Small random inputs for gradient checks.
enum GradInputs {
    static func normal(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, std: std, generator: &rng)
    }

    static func uniform(_ shape: [Int], seed: UInt64, lo: Float, hi: Float) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randomUniform(shape, lo: lo, hi: hi, generator: &rng)
    }

    /// Normal values pushed at least `gap` away from 0 (for ops with a kink at 0).
    static func awayFromZero(_ shape: [Int], seed: UInt64, gap: Float = 0.1) -> Tensor {
        let x = normal(shape, seed: seed)
        return Tensor(shape: shape, scalars: x.scalars.map { $0 >= 0 ? $0 + gap : $0 - gap })
    }

    /// Distinct values (a shuffled ramp plus noise), so max/min have no ties.
    static func distinct(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let n = shape.reduce(1, *)
        let p = rng.permutation(n)
        return Tensor(shape: shape, scalars: p.map { Float($0) * 0.3 - Float(n) * 0.15 })
    }
}

/// One finite-difference check per differentiable op.
struct GradCase: CustomTestStringConvertible, Sendable {
    let name: String
    let step: Float
    let tolerance: Double
    let inputs: @Sendable () -> [Tensor]
    let f: @Sendable ([Tensor]) -> Tensor
    var testDescription: String { name }

    init(
        _ name: String, step: Float = 1e-2, tolerance: Double = 1e-3,
        _ inputs: @escaping @Sendable () -> [Tensor], _ f: @escaping @Sendable ([Tensor]) -> Tensor
    ) {
        self.name = name; self.step = step; self.tolerance = tolerance; self.inputs = inputs; self.f = f
    }
}

typealias GI = GradInputs

let gradCases: [GradCase] = [
    // Arithmetic with broadcasting
    GradCase("add", { [GI.normal([3, 4], seed: 1), GI.normal([3, 4], seed: 2)] }) { $0[0] + $0[1] },
    GradCase("add row broadcast", { [GI.normal([3, 4], seed: 1), GI.normal([4], seed: 2)] }) { $0[0] + $0[1] },
    GradCase("add column broadcast", { [GI.normal([3, 1], seed: 1), GI.normal([2, 3, 4], seed: 2)] }) { $0[0] + $0[1] },
    GradCase("subtract broadcast", { [GI.normal([2, 3, 4], seed: 3), GI.normal([3, 1], seed: 4)] }) { $0[0] - $0[1] },
    GradCase("multiply broadcast", { [GI.normal([2, 3], seed: 5), GI.normal([2, 1], seed: 6)] }) { $0[0] * $0[1] },
    GradCase("divide broadcast", { [GI.normal([2, 3], seed: 7), GI.uniform([3], seed: 8, lo: 0.5, hi: 2)] }) { $0[0] / $0[1] },
    GradCase("divide denominator tensor", { [GI.normal([4], seed: 9), GI.uniform([4], seed: 10, lo: -2, hi: -0.5)] }) { $0[0] / $0[1] },
    GradCase("scalar ops", { [GI.normal([5], seed: 11)] }) { (2 * $0[0] + 1 - 3) / 4 },
    GradCase("scalar minus and over", { [GI.uniform([5], seed: 12, lo: 0.5, hi: 2)] }) { 1 - 2 / $0[0] },
    GradCase("negate", { [GI.normal([5], seed: 13)] }) { -$0[0] },
    GradCase("pow tensor", { [GI.uniform([3, 2], seed: 14, lo: 0.5, hi: 2), GI.normal([2], seed: 15)] }) { Tensor.pow($0[0], $0[1]) },
    GradCase("pow scalar", { [GI.uniform([6], seed: 16, lo: 0.5, hi: 2)] }) { $0[0].pow(2.5) },
    GradCase("maximum", { [GI.distinct([3, 4], seed: 17), GI.distinct([4], seed: 18) + 0.05] }) { Tensor.maximum($0[0], $0[1]) },
    GradCase("minimum", { [GI.distinct([3, 4], seed: 19), GI.distinct([3, 1], seed: 20) + 0.05] }) { Tensor.minimum($0[0], $0[1]) },
    GradCase("where", { [GI.normal([3, 4], seed: 21), GI.normal([4], seed: 22)] }) {
        Tensor.where(Tensor(shape: [3, 1], scalars: [1, 0, 1]), $0[0], $0[1])
    },
    // Unary maps
    GradCase("exp", { [GI.normal([6], seed: 23)] }) { $0[0].exp() },
    GradCase("log", { [GI.uniform([6], seed: 24, lo: 0.5, hi: 3)] }) { $0[0].log() },
    GradCase("log1p", { [GI.uniform([6], seed: 25, lo: -0.5, hi: 3)] }) { $0[0].log1p() },
    GradCase("expm1", { [GI.normal([6], seed: 26)] }) { $0[0].expm1() },
    GradCase("sqrt", { [GI.uniform([6], seed: 27, lo: 0.5, hi: 3)] }) { $0[0].sqrt() },
    GradCase("rsqrt", { [GI.uniform([6], seed: 28, lo: 0.5, hi: 3)] }) { $0[0].rsqrt() },
    GradCase("tanh", { [GI.normal([8], seed: 29)] }) { $0[0].tanh() },
    GradCase("sigmoid", { [GI.normal([8], seed: 30, std: 3)] }) { $0[0].sigmoid() },
    GradCase("softplus", { [GI.normal([8], seed: 31, std: 3)] }) { $0[0].softplus() },
    GradCase("relu", { [GI.awayFromZero([8], seed: 32)] }) { $0[0].relu() },
    GradCase("gelu", { [GI.normal([8], seed: 33, std: 2)] }) { $0[0].gelu() },
    GradCase("gelu approximate", { [GI.normal([8], seed: 34, std: 2)] }) { $0[0].gelu(approximate: true) },
    GradCase("abs", { [GI.awayFromZero([8], seed: 35)] }) { $0[0].abs() },
    GradCase("squared", { [GI.normal([8], seed: 36)] }) { $0[0].squared() },
    GradCase("clamp", { [GI.awayFromZero([10], seed: 37) * 2] }) { $0[0].clamp(min: -1.05, max: 0.95) },
    GradCase("silu", { [GI.normal([8], seed: 38, std: 2)] }) { $0[0].silu() },
    GradCase("elu", { [GI.awayFromZero([8], seed: 39)] }) { $0[0].elu(alpha: 0.7) },
    GradCase("leakyRelu", { [GI.awayFromZero([8], seed: 40)] }) { $0[0].leakyRelu(alpha: 0.1) },
    // Shapes
    GradCase("reshape", { [GI.normal([2, 6], seed: 41)] }) { $0[0].reshape([3, -1]) * GI.normal([3, 4], seed: 42) },
    GradCase("transposed", { [GI.normal([2, 3], seed: 43)] }) { $0[0].transposed() },
    GradCase("permuted", { [GI.normal([2, 3, 4], seed: 44)] }) { $0[0].permuted([2, 0, 1]) },
    GradCase("expand", { [GI.normal([3, 1], seed: 45)] }) { $0[0].expand(to: [2, 3, 4]) },
    GradCase("squeezed and unsqueezed", { [GI.normal([3, 1, 2], seed: 46)] }) { $0[0].squeezed(axis: 1).unsqueezed(axis: 0) },
    GradCase("slice", { [GI.normal([4, 5, 3], seed: 47)] }) { $0[0].slice([1..<3, 0..<5, 1..<3]) },
    GradCase("subscript rows", { [GI.normal([4, 3], seed: 48)] }) { $0[0][1..<3] + $0[0][0] },
    GradCase("concat", { [GI.normal([2, 3], seed: 49), GI.normal([2, 2], seed: 50)] }) { Tensor.concat([$0[0], $0[1], $0[0]], axis: 1) },
    GradCase("stack", { [GI.normal([2, 3], seed: 51), GI.normal([2, 3], seed: 52)] }) { Tensor.stack([$0[0], $0[1]], axis: 1) },
    GradCase("split", { [GI.normal([5, 2], seed: 53)] }) {
        let p = $0[0].split([2, 3]); return p[1].sum(axes: [0]) * p[0]
    },
    GradCase("gather", { [GI.normal([4, 3], seed: 54)] }) { $0[0].gather(indices: [3, 0, 3, 1], axis: 0) },
    GradCase("gather axis 1", { [GI.normal([2, 4, 3], seed: 55)] }) { $0[0].gather(indices: [2, 2, 0], axis: 1) },
    GradCase("take along axis", { [GI.normal([4, 3], seed: 112)] }) { $0[0].take(indices: [2, 0, 0, 1]) },
    GradCase("take along middle axis", { [GI.normal([2, 3, 2], seed: 113)] }) { $0[0].take(indices: [2, 0, 1, 1], alongAxis: 1) },
    // Reductions
    GradCase("sum axes", { [GI.normal([2, 3, 4], seed: 56)] }) { $0[0].sum(axes: [0, 2]) },
    GradCase("sum keepDims", { [GI.normal([2, 3, 4], seed: 57)] }) { $0[0].sum(axes: [1], keepDims: true) * $0[0] },
    GradCase("sum all", { [GI.normal([3, 4], seed: 58)] }) { $0[0].sum() },
    GradCase("mean axes", { [GI.normal([3, 4], seed: 59)] }) { $0[0].mean(axes: [-1]) },
    GradCase("mean all", { [GI.normal([3, 4], seed: 60)] }) { $0[0].mean() },
    GradCase("variance", { [GI.normal([3, 5], seed: 61)] }) { $0[0].variance(axes: [1], keepDims: true) },
    GradCase("max", { [GI.distinct([3, 4], seed: 62)] }) { $0[0].max(axes: [1]) },
    GradCase("min", { [GI.distinct([3, 4], seed: 63)] }) { $0[0].min(axes: [0], keepDims: true) },
    GradCase("logSumExp", { [GI.normal([3, 4], seed: 64, std: 3)] }) { $0[0].logSumExp(axes: [1]) },
    GradCase("logSumExp two axes", { [GI.normal([2, 3, 4], seed: 65, std: 3)] }) { $0[0].logSumExp(axes: [0, 2], keepDims: true) },
    // Matrix products
    GradCase("matmul", { [GI.normal([3, 4], seed: 66), GI.normal([4, 2], seed: 67)] }) { $0[0].matmul($0[1]) },
    GradCase("matmul transposeA", { [GI.normal([4, 3], seed: 68), GI.normal([4, 2], seed: 69)] }) { $0[0].matmul($0[1], transposeA: true) },
    GradCase("matmul transposeB", { [GI.normal([3, 4], seed: 70), GI.normal([2, 4], seed: 71)] }) { $0[0].matmul($0[1], transposeB: true) },
    GradCase("matmul both transposed", { [GI.normal([4, 3], seed: 72), GI.normal([2, 4], seed: 73)] }) {
        $0[0].matmul($0[1], transposeA: true, transposeB: true)
    },
    GradCase("batched matmul", { [GI.normal([2, 3, 4], seed: 74), GI.normal([2, 4, 2], seed: 75)] }) { $0[0].matmul($0[1]) },
    GradCase("batched matmul transposed", { [GI.normal([2, 4, 3], seed: 76), GI.normal([2, 2, 4], seed: 77)] }) {
        $0[0].matmul($0[1], transposeA: true, transposeB: true)
    },
    GradCase("matmul shared rhs", { [GI.normal([2, 3, 4], seed: 78), GI.normal([4, 2], seed: 79)] }) { $0[0].matmul($0[1]) },
    GradCase("matmul shared rhs transposed", { [GI.normal([2, 4, 3], seed: 80), GI.normal([2, 4], seed: 81)] }) {
        $0[0].matmul($0[1], transposeA: true, transposeB: true)
    },
    GradCase("matmul shared lhs", { [GI.normal([3, 4], seed: 82), GI.normal([2, 4, 2], seed: 83)] }) { $0[0].matmul($0[1]) },
    GradCase("matmul rank 4", { [GI.normal([2, 2, 3, 4], seed: 102), GI.normal([2, 2, 2, 4], seed: 103)] }) {
        $0[0].matmul($0[1], transposeB: true)
    },
    // Softmax family
    GradCase("softmax", { [GI.normal([3, 5], seed: 84, std: 2)] }) { $0[0].softmax() },
    GradCase("softmax axis 0", { [GI.normal([4, 3], seed: 85, std: 2)] }) { $0[0].softmax(axis: 0) },
    GradCase("logSoftmax", { [GI.normal([3, 5], seed: 86, std: 2)] }) { $0[0].logSoftmax() },
    GradCase("logSoftmax middle axis", { [GI.normal([2, 4, 3], seed: 87, std: 2)] }) { $0[0].logSoftmax(axis: 1) },
    GradCase("softmaxCrossEntropy", { [GI.normal([4, 5], seed: 88, std: 2), GI.uniform([4, 5], seed: 89, lo: 0, hi: 1)] }) {
        Tensor.softmaxCrossEntropy(logits: $0[0], labels: $0[1])
    },
    GradCase("sparseSoftmaxCrossEntropy", { [GI.normal([4, 5], seed: 90, std: 2)] }) {
        Tensor.sparseSoftmaxCrossEntropy(logits: $0[0], labels: [0, 4, 2, 2])
    },
    GradCase("sigmoidCrossEntropy", { [GI.normal([3, 4], seed: 92, std: 3), GI.uniform([3, 4], seed: 93, lo: 0, hi: 1)] }) {
        Tensor.sigmoidCrossEntropy(logits: $0[0], labels: $0[1])
    },
    // Convolution
    GradCase("conv1d valid", { [GI.normal([2, 7, 3], seed: 94), GI.normal([3, 3, 4], seed: 95)] }) { $0[0].conv1d($0[1]) },
    GradCase("conv1d same dilated", { [GI.normal([2, 9, 3], seed: 96), GI.normal([3, 3, 2], seed: 97)] }) {
        $0[0].conv1d($0[1], dilation: 2, padding: .same)
    },
    GradCase("conv1d causal", { [GI.normal([1, 6, 2], seed: 98), GI.normal([2, 2, 3], seed: 99)] }) {
        $0[0].conv1d($0[1], dilation: 3, padding: .causal)
    },
    GradCase("conv1d strided same", { [GI.normal([2, 8, 2], seed: 100), GI.normal([3, 2, 3], seed: 101)] }) {
        $0[0].conv1d($0[1], stride: 3, padding: .same)
    },
    GradCase("conv2d valid", { [GI.normal([2, 5, 4, 2], seed: 104), GI.normal([3, 2, 2, 3], seed: 105)] }) { $0[0].conv2d($0[1]) },
    GradCase("conv2d same strided dilated", { [GI.normal([1, 6, 5, 2], seed: 106), GI.normal([3, 3, 2, 2], seed: 107)] }) {
        $0[0].conv2d($0[1], strides: (2, 1), dilation: (1, 2), padding: .same)
    },
    GradCase("conv2dTranspose same", { [GI.normal([2, 3, 2, 3], seed: 108), GI.normal([3, 3, 2, 3], seed: 109)] }) {
        $0[0].conv2dTranspose($0[1], strides: (2, 2), padding: .same)
    },
    GradCase("conv2dTranspose valid", { [GI.normal([1, 2, 3, 2], seed: 110), GI.normal([2, 3, 3, 2], seed: 111)] }) {
        $0[0].conv2dTranspose($0[1], strides: (2, 1))
    },
    // Custom gradient: a pullback that is the true derivative of the forward value.
    GradCase("customGradient", { [GI.normal([5], seed: 91)] }) { xs in
        let x = xs[0]
        let value = withNoGrad { x * x * x }
        return Tensor.customGradient(value: value, inputs: [x]) { g in [g * 3 * x.detached().squared()] }
    },
]

@Suite struct GradientCheckTests {
    @Test(arguments: gradCases)
    func finiteDifferencesMatchTape(_ c: GradCase) {
        let result = gradientCheck(c.inputs(), step: c.step, c.f)
        #expect(result.relativeError < c.tolerance, "\(c.name): \(result)")
    }
}
