import Foundation

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
