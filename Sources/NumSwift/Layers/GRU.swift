/// Gated recurrent unit with Keras 3 semantics (`keras.layers.GRU`): gate order z (update),
/// r (reset), h (candidate) in the kernel columns; `resetAfter` (the default, cuDNN-compatible)
/// applies the reset gate after the recurrent product and keeps separate input and recurrent
/// biases (`bias [2, 3·units]`).
///
/// Per step: `z = σ(x W_z + b_z + h U_z + b′_z)`, `r = σ(x W_r + b_r + h U_r + b′_r)`,
/// `ĥ = tanh(x W_h + b_h + r ⊙ (h U_h + b′_h))` (resetAfter) or `tanh(x W_h + b_h + (r ⊙ h) U_h)`,
/// `h ← z ⊙ h + (1 − z) ⊙ ĥ`.
///
/// Shapes: kernel `[features, 3·units]` (Glorot uniform), recurrentKernel `[units, 3·units]`
/// (orthogonal), bias `[2, 3·units]` or `[3·units]` (zeros). Inputs and outputs: see
/// `RecurrentLayer`.
///
/// ```swift
/// let h = GRU(units: 128)(x)                  // [batch, 128], the last state
/// let seq = GRU(units: 64, returnSequences: true)([x, mask])[0]
/// ```
/// References: Cho et al., "Learning phrase representations using RNN encoder-decoder" (2014);
/// Keras 3 `layers.GRU`; kexue.fm/archives/6671 §2.3 step 7 (BiGRU subject encoder).
public final class GRU: RecurrentLayer {
    /// Apply the reset gate after the recurrent matrix product (Keras default, true).
    public let resetAfter: Bool
    /// Whether biases are added.
    public let useBias: Bool
    /// `[features, 3·units]`.
    public private(set) var kernel: Variable!
    /// `[units, 3·units]`.
    public private(set) var recurrentKernel: Variable!
    /// `[2, 3·units]` (resetAfter) or `[3·units]`.
    public private(set) var bias: Variable?

    /// - Parameters: units: state width; useBias, resetAfter: Keras options; the rest as in
    ///   `RecurrentLayer`.
    public init(
        units: Int, useBias: Bool = true, resetAfter: Bool = true, returnSequences: Bool = false, returnState: Bool = false,
        goBackwards: Bool = false, zeroOutputForMask: Bool = false, name: String? = nil
    ) {
        self.resetAfter = resetAfter
        self.useBias = useBias
        super.init(
            units: units, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
            zeroOutputForMask: zeroOutputForMask, name: name)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes[0].count == 2, "GRU \(name): input must be [time, features], got \(inputShapes[0])")
        kernel = addWeight(name: "kernel", shape: [inputShapes[0][1], 3 * units], initializer: .glorotUniform)
        var g = KerasRandom.next()
        let orthogonal = (try? Tensor.randomOrthogonal([units, 3 * units], generator: &g)) ?? Tensor.zeros([units, 3 * units])
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [units, 3 * units], initializer: .values(orthogonal))
        if useBias { bias = addWeight(name: "bias", shape: resetAfter ? [2, 3 * units] : [3 * units], initializer: .zeros) }
    }

    public override func projectInputs(_ x: Tensor) -> Tensor {
        let p = x.matmul(kernel.read)
        guard let bias else { return p }
        return p + (resetAfter ? bias.read[0] : bias.read)
    }

    public override func step(_ projected: Tensor, _ states: [Tensor]) -> [Tensor] {
        let h = states[0], u = units
        let xs = projected.split([u, u, u], axis: 1)
        let hh: Tensor, z: Tensor
        if resetAfter {
            var rec = h.matmul(recurrentKernel.read)
            if let bias { rec = rec + bias.read[1] }
            let rs = rec.split([u, u, u], axis: 1)
            z = (xs[0] + rs[0]).sigmoid()
            let r = (xs[1] + rs[1]).sigmoid()
            hh = (xs[2] + r * rs[2]).tanh()
        } else {
            let uk = recurrentKernel.read.split([2 * u, u], axis: 1)
            let rs = h.matmul(uk[0]).split([u, u], axis: 1)
            z = (xs[0] + rs[0]).sigmoid()
            let r = (xs[1] + rs[1]).sigmoid()
            hh = (xs[2] + (r * h).matmul(uk[1])).tanh()
        }
        return [hh + z * (h - hh)]
    }

    public override func reversedCopy(name: String) -> RecurrentLayer {
        GRU(
            units: units, useBias: useBias, resetAfter: resetAfter, returnSequences: returnSequences, returnState: returnState,
            goBackwards: !goBackwards, zeroOutputForMask: zeroOutputForMask, name: name)
    }
}
