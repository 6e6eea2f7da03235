/// Base of sequence layers that take their padding mask either as an optional second input
/// `[batch, steps]` (1 = valid step) or, in a functional graph, from the mask of their input
/// (e.g. `Embedding(maskZero: true)`), and pass it on.
///
/// Subclasses implement `call(_:training:)` for `[x]` and `[x, mask]`; `DGCNNBlock`,
/// `MultiHeadSelfAttention` and the recurrent layers use it.
/// References: Keras `supports_masking` and the `mask` argument of `call`.
open class SequenceMaskLayer: Layer {
    public override var supportsMasking: Bool { true }

    public override var callUsesMask: Bool { true }

    /// In a functional graph the mask of the input is used when no explicit mask input is given.
    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        if inputs.count == 1, let m = masks.first ?? nil { return call([inputs[0], m], training: training) }
        return call(inputs, training: training)
    }

    /// The explicit mask input if there is one, else the input's mask.
    open override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        inputs.count > 1 ? inputs[1] : masks.first ?? nil
    }
}
