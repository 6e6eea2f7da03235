import Foundation

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
