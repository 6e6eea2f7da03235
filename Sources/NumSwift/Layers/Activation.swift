// MARK: - Activation

/// Applies an activation function, Keras `layers.Activation`.
public final class Activation: Layer {
    /// The applied function.
    public let function: ActivationFunction
    /// - Parameters: function: e.g. `.relu`; name: optional layer name.
    public init(_ function: ActivationFunction, name: String? = nil) { self.function = function; super.init(name: name) }
    public override var supportsMasking: Bool { true }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { [function.apply(inputs[0])] }
    public override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        ([function.apply(inputs[0])], function.isSoftmax ? inputs[0] : nil)
    }
}
