import Foundation

// MARK: - Global seed

/// Process-wide random state used by initialisers and dropout when no generator is given
/// (Keras `utils.set_random_seed`).
public enum KerasRandom {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var generator = RandomGenerator(seed: 1337)

    /// Reseeds initialisers and dropout so model construction and training are reproducible.
    public static func setSeed(_ seed: UInt64) {
        lock.lock(); defer { lock.unlock() }
        generator = RandomGenerator(seed: seed)
    }

    /// A fresh independent generator split off the scoped one (see `withSeed`) or the global one.
    public static func next() -> RandomGenerator {
        if let box = scoped {
            box.lock.lock(); defer { box.lock.unlock() }
            return box.generator.split()
        }
        lock.lock(); defer { lock.unlock() }
        return generator.split()
    }

    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var generator: RandomGenerator
        init(_ g: RandomGenerator) { generator = g }
    }
    @TaskLocal static var scoped: Box?

    /// Runs `body` with initialisers and dropout drawing from a generator seeded with `seed`,
    /// private to this task (concurrent tasks and tests cannot perturb it). The same seed gives
    /// the same draws as `setSeed(seed)` followed by the same construction.
    public static func withSeed<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
        try $scoped.withValue(Box(RandomGenerator(seed: seed))) { try body() }
    }
}

// MARK: - Initializers

/// How a new weight is filled (Keras initializer names).
public enum Initializer {
    case zeros, ones
    case constant(Float)
    /// U(-l, l), l = sqrt(6 / (fanIn + fanOut)) (Keras default for kernels).
    case glorotUniform
    /// N(0, 2 / (fanIn + fanOut)) truncated at 2 std.
    case glorotNormal
    /// U(-l, l), l = sqrt(6 / fanIn).
    case heUniform
    case randomNormal(std: Float)
    case randomUniform(lo: Float, hi: Float)
    /// Given values (shape must match).
    case values(Tensor)

    /// Fan-in and fan-out of a kernel shape (Keras rule: receptive field × channels).
    static func fans(_ shape: [Int]) -> (Float, Float) {
        if shape.count < 1 { return (1, 1) }
        if shape.count == 1 { return (Float(shape[0]), Float(shape[0])) }
        let receptive = shape.dropLast(2).reduce(1, *)
        return (Float(shape[shape.count - 2] * receptive), Float(shape[shape.count - 1] * receptive))
    }

    /// A new tensor of `shape`.
    public func make(_ shape: [Int]) -> Tensor {
        var g = KerasRandom.next()
        let (fi, fo) = Initializer.fans(shape)
        switch self {
        case .zeros: return .zeros(shape)
        case .ones: return .ones(shape)
        case .constant(let c): return .full(shape, c)
        case .glorotUniform:
            let l = (6 / (fi + fo)).squareRoot()
            return .randomUniform(shape, lo: -l, hi: l, generator: &g)
        case .glorotNormal:
            // 0.8796… rescales a 2-std truncated normal to unit variance (Keras does the same).
            return .truncatedNormal(shape, std: (2 / (fi + fo)).squareRoot() / 0.87962566, generator: &g)
        case .heUniform:
            let l = (6 / fi).squareRoot()
            return .randomUniform(shape, lo: -l, hi: l, generator: &g)
        case .randomNormal(let s): return .randomNormal(shape, std: s, generator: &g)
        case .randomUniform(let lo, let hi): return .randomUniform(shape, lo: lo, hi: hi, generator: &g)
        case .values(let t):
            precondition(t.shape == shape, "Initializer.values: \(t.shape) vs \(shape)")
            return t
        }
    }
}

// MARK: - Activations

/// Elementwise (or softmax) activation functions by Keras name.
public enum ActivationFunction {
    case linear, relu, sigmoid, tanh, softmax, gelu, softplus, elu
    case custom((Tensor) -> Tensor)

    /// Applies the activation.
    public func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return x.relu()
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .softmax: return x.softmax(axis: -1)
        case .gelu: return x.gelu()
        case .softplus: return x.softplus()
        case .elu: return x.elu()
        case .custom(let f): return f(x)
        }
    }

    var isSoftmax: Bool { if case .softmax = self { return true } else { return false } }
}
