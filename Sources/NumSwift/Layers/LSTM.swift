/// Long short-term memory with Keras 3 semantics (`keras.layers.LSTM`): gate order i (input),
/// f (forget), c (cell candidate), o (output) in the kernel columns; `unitForgetBias` starts
/// the forget-gate bias at 1.
///
/// Per step: `i = σ(x W_i + h U_i + b_i)`, `f = σ(x W_f + h U_f + b_f)`,
/// `c ← f ⊙ c + i ⊙ tanh(x W_c + h U_c + b_c)`, `o = σ(x W_o + h U_o + b_o)`, `h = o ⊙ tanh(c)`.
/// The states are `[h, c]`.
///
/// Shapes: kernel `[features, 4·units]` (Glorot uniform), recurrentKernel `[units, 4·units]`
/// (orthogonal), bias `[4·units]`. Inputs and outputs: see `RecurrentLayer` (with
/// `returnState` the outputs are `[output, h, c]`).
///
/// References: Hochreiter & Schmidhuber (1997); Keras 3 `layers.LSTM`; kexue.fm/archives/6671
/// §2.3 step 7 (the article's BiLSTM).
public final class LSTM: RecurrentLayer {
    /// Whether a bias is added.
    public let useBias: Bool
    /// Initialise the forget-gate bias at 1 (Keras default).
    public let unitForgetBias: Bool
    /// `[features, 4·units]`.
    public private(set) var kernel: Variable!
    /// `[units, 4·units]`.
    public private(set) var recurrentKernel: Variable!
    /// `[4·units]`.
    public private(set) var bias: Variable?

    /// - Parameters: units: state width; useBias, unitForgetBias: Keras options; the rest as in
    ///   `RecurrentLayer`.
    public init(
        units: Int, useBias: Bool = true, unitForgetBias: Bool = true, returnSequences: Bool = false, returnState: Bool = false,
        goBackwards: Bool = false, zeroOutputForMask: Bool = false, name: String? = nil
    ) {
        self.useBias = useBias
        self.unitForgetBias = unitForgetBias
        super.init(
            units: units, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
            zeroOutputForMask: zeroOutputForMask, name: name)
    }

    public override var stateCount: Int { 2 }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes[0].count == 2, "LSTM \(name): input must be [time, features], got \(inputShapes[0])")
        kernel = addWeight(name: "kernel", shape: [inputShapes[0][1], 4 * units], initializer: .glorotUniform)
        var g = KerasRandom.next()
        let orthogonal = (try? Tensor.randomOrthogonal([units, 4 * units], generator: &g)) ?? Tensor.zeros([units, 4 * units])
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [units, 4 * units], initializer: .values(orthogonal))
        if useBias {
            let u = units
            let b = Tensor(shape: [4 * u], scalars: (0..<(4 * u)).map { unitForgetBias && $0 >= u && $0 < 2 * u ? 1 : 0 })
            bias = addWeight(name: "bias", shape: [4 * u], initializer: .values(b))
        }
    }

    public override func projectInputs(_ x: Tensor) -> Tensor {
        let p = x.matmul(kernel.read)
        return bias.map { p + $0.read } ?? p
    }

    public override func step(_ projected: Tensor, _ states: [Tensor]) -> [Tensor] {
        let (h, c) = (states[0], states[1]), u = units
        let z = (projected + h.matmul(recurrentKernel.read)).split([u, u, u, u], axis: 1)
        let i = z[0].sigmoid(), f = z[1].sigmoid(), o = z[3].sigmoid()
        let cNew = f * c + i * z[2].tanh()
        return [o * cNew.tanh(), cNew]
    }

    public override func reversedCopy(name: String) -> RecurrentLayer {
        LSTM(
            units: units, useBias: useBias, unitForgetBias: unitForgetBias, returnSequences: returnSequences,
            returnState: returnState, goBackwards: !goBackwards, zeroOutputForMask: zeroOutputForMask, name: name)
    }
}
