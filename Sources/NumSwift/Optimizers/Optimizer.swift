import Foundation

// MARK: - Optimizer base

/// Base optimiser: gradient clipping (`clipvalue` elementwise, then `clipnorm` per variable, as in
/// Keras 3), the step counter, and per-variable state.
open class Optimizer {
    /// Current learning rate (callbacks such as `ReduceLROnPlateau` change it).
    public var learningRate: Float
    /// Per-variable gradient norm cap (Keras `clipnorm`).
    public var clipnorm: Float?
    /// Elementwise gradient cap (Keras `clipvalue`).
    public var clipvalue: Float?
    /// Number of steps applied.
    public internal(set) var iterations = 0

    /// - Parameters: learningRate; clipnorm: per-variable norm cap; clipvalue: elementwise cap.
    public init(learningRate: Float, clipnorm: Float? = nil, clipvalue: Float? = nil) {
        self.learningRate = learningRate; self.clipnorm = clipnorm; self.clipvalue = clipvalue
    }

    /// Clips the gradients, then updates each variable in place.
    public func apply(gradients: [Tensor], to variables: [Variable]) {
        precondition(gradients.count == variables.count, "Optimizer.apply: \(gradients.count) gradients for \(variables.count) variables")
        iterations += 1
        for (g0, v) in zip(gradients, variables) {
            var g = g0
            if let c = clipvalue { g = g.clamp(min: -c, max: c) }
            if let c = clipnorm {
                let n = g.squared().sum().scalar.squareRoot()
                if n > c { g = g * (c / n) }
            }
            update(v, gradient: g)
        }
    }

    /// One update of one variable with its (clipped) gradient; `iterations` is already the new step.
    open func update(_ v: Variable, gradient g: Tensor) { fatalError("Optimizer.update must be overridden") }
}
