/// How `Bidirectional` combines the forward and backward outputs (Keras `merge_mode`).
public enum BidirectionalMerge: String, Sendable {
    /// Concatenate along the last axis (default).
    case concat
    /// Elementwise sum.
    case sum
    /// Elementwise product.
    case mul
    /// Elementwise mean.
    case ave
}

/// Runs a recurrent layer forwards and a copy of it backwards over the same sequence and merges
/// the two outputs, with Keras 3 semantics (`keras.layers.Bidirectional`).
///
/// The backward copy has `goBackwards` toggled and its own weights (forward weights first in
/// `weights`). When returning sequences, the backward output is flipped back to input order
/// before merging, and both layers output zeros at masked steps (`zeroOutputForMask`, as Keras
/// forces it). With `returnState` the outputs are `[merged, forward states…, backward states…]`.
///
/// Inputs: `[x]` or `[x, mask]` as for `RecurrentLayer`.
///
/// ```swift
/// let k = Bidirectional(GRU(units: 128))(positions)   // [batch, 256]: final states concatenated
/// ```
/// References: Schuster & Paliwal (1997); Keras 3 `layers.Bidirectional`; kexue.fm/archives/6671
/// §2.3 step 7.
public final class Bidirectional: Layer {
    /// The forward layer.
    public let forwardLayer: RecurrentLayer
    /// The backward layer (a reversed copy of the forward one).
    public let backwardLayer: RecurrentLayer
    /// How outputs are merged.
    public let mergeMode: BidirectionalMerge

    /// - Parameters: layer: the forward recurrent layer; mergeMode: `.concat` by default.
    public init(_ layer: RecurrentLayer, mergeMode: BidirectionalMerge = .concat, name: String? = nil) {
        forwardLayer = layer
        let base = LayerNaming.snakeCase(String(describing: type(of: layer)))
        backwardLayer = layer.reversedCopy(name: LayerNaming.uniqueName("backward_\(base)"))
        forwardLayer.zeroOutputForMask = layer.returnSequences
        backwardLayer.zeroOutputForMask = layer.returnSequences
        self.mergeMode = mergeMode
        super.init(name: name)
    }

    public override var sublayers: [Layer] { [forwardLayer, backwardLayer] }
    public override var supportsMasking: Bool { true }

    public override var callUsesMask: Bool { true }

    /// In a functional graph the mask of the input (e.g. from `Embedding(maskZero:)`) is used
    /// when no explicit mask input is given.
    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        if inputs.count == 1, let m = masks.first ?? nil { return call([inputs[0], m], training: training) }
        return call(inputs, training: training)
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        forwardLayer.computeMask(inputs, masks: masks)
    }

    public override func build(inputShapes: [[Int]]) {
        forwardLayer.buildIfNeeded(inputShapes)
        backwardLayer.buildIfNeeded(inputShapes)
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let f = forwardLayer.call(inputs, training: training)
        let b = backwardLayer.call(inputs, training: training)
        var yb = b[0]
        if backwardLayer.returnSequences { yb = yb.reversed(axis: 1) }
        let yf = f[0]
        let merged: Tensor
        switch mergeMode {
        case .concat: merged = Tensor.concat([yf, yb], axis: -1)
        case .sum: merged = yf + yb
        case .mul: merged = yf * yb
        case .ave: merged = (yf + yb) * 0.5
        }
        return [merged] + Array(f.dropFirst()) + Array(b.dropFirst())
    }
}
