// MARK: - Pre-call re-parametrisation wrappers

/// A layer whose kernel can be replaced, before `call`, by a differentiable function of the stored
/// variable (the variable stays the trainable weight; only what `call` reads changes).
public protocol KernelReparametrizable: Layer {
    var kernelTransform: ((Tensor) -> Tensor)? { get set }
    var kernelVariable: Variable! { get }
    /// The kernel axis that indexes the layer's output units (negative counts from the end):
    /// -1 for Dense and Conv1D/Conv2D (`[…, out]`), -2 for Conv2DTranspose
    /// (`[kh, kw, filters, in]`). WeightNormalization keeps one scale per index of this axis.
    var kernelUnitAxis: Int { get }
}
extension KernelReparametrizable {
    /// Output units run along the last kernel axis unless a layer says otherwise.
    public var kernelUnitAxis: Int { -1 }

    /// The kernel as `call` uses it: `kernelTransform(kernel)` when a wrapper set one, else the
    /// stored kernel.
    public var effectiveKernel: Tensor {
        let k = kernelVariable.read
        return kernelTransform.map { $0(k) } ?? k
    }
}
extension Dense: KernelReparametrizable {}
extension Conv1D: KernelReparametrizable {}
extension Conv2D: KernelReparametrizable {}
extension Conv2DTranspose: KernelReparametrizable {
    /// The kernel is `[kh, kw, filters, in]`: output units (filters) are the second-to-last axis.
    public var kernelUnitAxis: Int { -2 }
}

/// A normalisation layer whose `gamma` can be re-parametrised the same way.
public protocol GammaReparametrizable: Layer {
    var gammaTransform: ((Tensor) -> Tensor)? { get set }
}
extension LayerNormalization: GammaReparametrizable {}
extension BatchNormalization: GammaReparametrizable {}

/// Spectral norm estimate of `w` viewed as `[∏ shape[:-1], out]` by `iterations` power-iteration
/// steps restarted from `u = ones(1, in)` (Su's recipe): `v = uW/‖uW‖`, `u = vWᵀ/‖vWᵀ‖`,
/// σ = u W vᵀ. Differentiable (the tape records every step). σ ≤ σ_max always.
///
/// References: Su, kexue.fm/archives/6311 §1.3; Miyato et al., "Spectral Normalization" (2018).
public func spectralNormEstimate(_ w: Tensor, iterations: Int = 5) -> Tensor {
    let out = w.shape.last ?? 1
    let m = w.reshape([-1, out])
    var u = Tensor.ones([1, m.shape[0]])
    var v = Tensor.ones([1, out])
    for _ in 0..<Swift.max(iterations, 1) {
        let uw = u.matmul(m)
        v = uw / (uw.squared().sum().sqrt() + 1e-12)
        let vw = v.matmul(m, transposeB: true)
        u = vw / (vw.squared().sum().sqrt() + 1e-12)
    }
    return u.matmul(m).matmul(v, transposeB: true).reshape([])
}

/// Base of wrappers that own one inner layer and forward calls to it.
open class Wrapper: Layer {
    /// The wrapped layer.
    public let layer: Layer
    /// - Parameters:
    ///   - layer: the layer to wrap (built by the wrapper on first call).
    ///   - name: layer name; default a generated one.
    public init(_ layer: Layer, name: String? = nil) { self.layer = layer; super.init(name: name) }
    open override var sublayers: [Layer] { [layer] }
    open override var supportsMasking: Bool { layer.supportsMasking }
    open override var callUsesMask: Bool { layer.callUsesMask }
    open override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        layer.call(inputs, masks: masks, training: training)
    }
    open override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { layer.computeMask(inputs, masks: masks) }
    open override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { layer.computeOutputShape(inputShapes) }
    open override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { layer.call(inputs, training: training) }
    open override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        layer.callWithLogits(inputs, training: training)
    }
    /// The innermost layer under this wrapper and any wrappers it wraps.
    public var innermostLayer: Layer {
        var l = layer
        while let w = l as? Wrapper { l = w.layer }
        return l
    }
}

/// Spectral normalisation as a pre-call re-parametrisation: the wrapped layer uses `W / σ(W)`
/// (and `γ / σ(γ)` for normalisation layers), σ from `spectralNormEstimate`. The stored weight
/// stays raw; gradients flow through σ. Applying it twice to the same layer normalises once.
///
/// For every layer σ is taken of the kernel viewed as `[∏ shape[:-1], shape[-1]]`, as Keras 3's
/// `SpectralNormalization` does, Conv2DTranspose's `[kh, kw, filters, in]` included.
///
/// Example: `SpectralNormalization(Dense(100, activation: .relu))(x)`.
/// References: Su, kexue.fm/archives/6311 §1.3.
public final class SpectralNormalization: Wrapper {
    /// Power-iteration steps per forward pass (the article uses 5).
    public let iterations: Int
    /// - Parameters: layer: a layer with a kernel and/or gamma; iterations: power-iteration steps.
    public init(_ layer: Layer, iterations: Int = 5, name: String? = nil) {
        self.iterations = iterations; super.init(layer, name: name)
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        SpectralNormalization(try cloner.clone(layer), iterations: iterations)
    }
    public override func build(inputShapes: [[Int]]) {
        layer.buildIfNeeded(inputShapes)
        let r = iterations
        let sn: (Tensor) -> Tensor = { w in w / spectralNormEstimate(w, iterations: r) }
        // Through other wrappers (e.g. a second SpectralNormalization) to the layer with the weights.
        let target = innermostLayer
        precondition(
            target is KernelReparametrizable || target is GammaReparametrizable,
            "SpectralNormalization: \(target.name) (\(type(of: target))) has no kernel or gamma it can re-parametrise "
                + "(Dense, Conv1D, Conv2D, Conv2DTranspose, LayerNormalization, BatchNormalization)")
        // The guard flag of the article: an already re-parametrised layer is left alone.
        if let k = target as? KernelReparametrizable, k.kernelTransform == nil { k.kernelTransform = sn }
        if let g = target as? GammaReparametrizable, g.gammaTransform == nil { g.gammaTransform = sn }
    }
}

/// Weight normalisation as a pre-call re-parametrisation: kernel = g · v / ‖v‖ per output unit,
/// with v the stored kernel and g a new trainable `[out]` weight initialised to ‖v‖ (so the layer
/// starts out unchanged). Output units are the kernel's last axis, or the filters axis of a
/// Conv2DTranspose kernel `[kh, kw, filters, in]` (`KernelReparametrizable.kernelUnitAxis`).
///
/// References: Salimans & Kingma, "Weight Normalization" (2016); Su, kexue.fm/archives/6311 §1.3.
public final class WeightNormalization: Wrapper {
    /// The per-unit scale `[out]` (after build).
    public private(set) var g: Variable!
    public override init(_ layer: Layer, name: String? = nil) { super.init(layer, name: name) }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { WeightNormalization(try cloner.clone(layer)) }
    public override func build(inputShapes: [[Int]]) {
        layer.buildIfNeeded(inputShapes)
        let target = innermostLayer
        guard let k = target as? KernelReparametrizable else {
            preconditionFailure(
                "WeightNormalization: \(target.name) (\(type(of: target))) has no kernel it can re-parametrise "
                    + "(Dense, Conv1D, Conv2D, Conv2DTranspose)")
        }
        guard k.kernelTransform == nil else { return }
        let v0 = k.kernelVariable.value
        let axis = k.kernelUnitAxis < 0 ? v0.rank + k.kernelUnitAxis : k.kernelUnitAxis
        precondition(
            axis >= 0 && axis < v0.rank, "WeightNormalization: unit axis \(k.kernelUnitAxis) of kernel \(v0.shape)")
        let units = v0.shape[axis]
        g = addWeight(name: "g", shape: [units], initializer: .values(perUnitNorms(v0, unitAxis: axis).reshape([units])))
        let gv = g!
        // g as [units, 1, …] so it lines up with the unit axis of the kernel.
        let gShape = [units] + Array(repeating: 1, count: v0.rank - 1 - axis)
        k.kernelTransform = { v in v / perUnitNorms(v, unitAxis: axis) * gv.read.reshape(gShape) }
    }
}
