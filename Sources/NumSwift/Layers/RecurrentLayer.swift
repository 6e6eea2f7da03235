/// Base of the recurrent layers (`GRU`, `LSTM`): the time loop with Keras 3 semantics for
/// masks, `goBackwards`, `returnSequences` and `returnState`.
///
/// Inputs: `[x]` or `[x, mask]`, with `x [batch, time, features]` and `mask [batch, time]` (or
/// `[batch, time, 1]`; 1 = valid step). The input projections `x·W + b` of all steps are one
/// GEMM; each step then adds the recurrent part. At a masked step the state is carried over
/// unchanged and the output is the carried state, or zeros when `zeroOutputForMask` (Keras sets
/// that inside `Bidirectional` when returning sequences). With `goBackwards` the steps run from
/// the last to the first and the sequence output is in processing order (reversed), as in Keras.
///
/// Outputs: `[output]` plus the final states when `returnState`; `output` is `[batch, time,
/// units]` with `returnSequences`, else the last step's `[batch, units]`.
///
/// References: Keras 3 `layers.RNN` and `backend.rnn` (masking and go_backwards rules).
open class RecurrentLayer: SequenceMaskLayer {
    /// Width of the state.
    public let units: Int
    /// Return every step's output instead of the last one.
    public let returnSequences: Bool
    /// Also return the final states.
    public let returnState: Bool
    /// Process the sequence from the end.
    public let goBackwards: Bool
    /// Output zeros (instead of the carried state) at masked steps.
    public var zeroOutputForMask: Bool

    /// - Parameters: units: state width; returnSequences, returnState, goBackwards,
    ///   zeroOutputForMask: as above; name: layer name.
    public init(units: Int, returnSequences: Bool, returnState: Bool, goBackwards: Bool, zeroOutputForMask: Bool, name: String?) {
        precondition(units > 0, "\(type(of: self)): units must be positive, got \(units)")
        self.units = units
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.zeroOutputForMask = zeroOutputForMask
        super.init(name: name)
    }

    /// Number of state tensors (1 for GRU, 2 for LSTM).
    open var stateCount: Int { 1 }

    /// All steps' input projections `[batch, time, gates·units]`.
    open func projectInputs(_ x: Tensor) -> Tensor { fatalError("\(type(of: self)).projectInputs must be overridden") }

    /// One step: from the step's input projection `[batch, gates·units]` and the states, the new
    /// states (the first is the output).
    open func step(_ projected: Tensor, _ states: [Tensor]) -> [Tensor] { fatalError("\(type(of: self)).step must be overridden") }

    /// A new layer with the same configuration and `goBackwards` toggled (fresh weights), for
    /// `Bidirectional`.
    open func reversedCopy(name: String) -> RecurrentLayer { fatalError("\(type(of: self)).reversedCopy must be overridden") }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        returnSequences ? (inputs.count > 1 ? inputs[1] : masks.first ?? nil) : nil
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        precondition(x.rank == 3 && x.shape[1] >= 1, "\(name): input must be [batch, time >= 1, features], got \(x.shape)")
        let (b, steps) = (x.shape[0], x.shape[1])
        var mask: Tensor? = nil
        if inputs.count > 1 {
            let m = inputs[1]
            precondition(m.count == b * steps, "\(name): mask \(m.shape) vs input \(x.shape)")
            mask = m.reshape([b, steps]).detached()
        }
        let projected = projectInputs(x)
        let g = projected.shape[2]
        var states = (0..<stateCount).map { _ in Tensor.zeros([b, units]) }
        var outputs: [Tensor] = []
        outputs.reserveCapacity(returnSequences ? steps : 1)
        for k in 0..<steps {
            let t = goBackwards ? steps - 1 - k : k
            let xt = projected.slice(axis: 1, t..<(t + 1)).reshape([b, g])
            let next = step(xt, states)
            var out: Tensor
            if let mask {
                let m = mask.slice(axis: 1, t..<(t + 1))  // [batch, 1]
                states = zip(next, states).map { n, s in s + (n - s) * m }
                out = zeroOutputForMask ? next[0] * m : states[0]
            } else {
                states = next
                out = next[0]
            }
            if returnSequences { outputs.append(out) } else { outputs = [out] }
        }
        let output = returnSequences ? Tensor.stack(outputs, axis: 1) : outputs[0]
        return [output] + (returnState ? states : [])
    }
}
