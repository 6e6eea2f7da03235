// MARK: - 1-D pooling over [batch, steps, channels]

/// Mean over the steps: `[batch, steps, channels]` → `[batch, channels]` (`[batch, 1, channels]`
/// with `keepDims`). With a mask (1 = valid step) it averages the valid steps only, as Keras does;
/// the output has no mask.
///
/// References: Keras `layers.GlobalAveragePooling1D` (channels_last).
public final class GlobalAveragePooling1D: Layer {
    /// Whether the steps axis is kept with size 1.
    public let keepDims: Bool
    /// - Parameters: keepDims: keep the steps axis; name: optional layer name.
    public init(keepDims: Bool = false, name: String? = nil) { self.keepDims = keepDims; super.init(name: name) }
    public override var callUsesMask: Bool { true }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { nil }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { [globalPoolShape(inputShapes, keepDims, name)] }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { GlobalAveragePooling1D(keepDims: keepDims) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(inputs[0].rank == 3, "GlobalAveragePooling1D \(name): input must be [batch, steps, channels], got \(inputs[0].shape)")
        return [inputs[0].mean(axes: [1], keepDims: keepDims)]
    }
    /// Σ_t m_t x_t / Σ_t m_t per example and channel (a fully masked example gives NaN, as in Keras).
    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        guard let m = masks.first ?? nil else { return call(inputs, training: training) }
        let x = inputs[0]
        precondition(x.rank == 3 && m.shape == Array(x.shape.prefix(2)), "GlobalAveragePooling1D \(name): mask \(m.shape) for input \(x.shape)")
        let w = m.reshape(m.shape + [1])
        return [(x * w).sum(axes: [1], keepDims: keepDims) / w.sum(axes: [1], keepDims: keepDims)]
    }
}

/// Maximum over the steps: `[batch, steps, channels]` → `[batch, channels]`. Like Keras 3 it
/// ignores a mask (padded steps take part in the maximum) and outputs none.
///
/// References: Keras `layers.GlobalMaxPooling1D` (channels_last).
public final class GlobalMaxPooling1D: Layer {
    /// Whether the steps axis is kept with size 1.
    public let keepDims: Bool
    /// - Parameters: keepDims: keep the steps axis; name: optional layer name.
    public init(keepDims: Bool = false, name: String? = nil) { self.keepDims = keepDims; super.init(name: name) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { [globalPoolShape(inputShapes, keepDims, name)] }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { GlobalMaxPooling1D(keepDims: keepDims) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(inputs[0].rank == 3, "GlobalMaxPooling1D \(name): input must be [batch, steps, channels], got \(inputs[0].shape)")
        return [inputs[0].max(axes: [1], keepDims: keepDims)]
    }
}

/// Maximum over sliding windows of `poolSize` steps every `strides` steps:
/// `[batch, steps, channels]` → `[batch, outSteps, channels]`, `outSteps` = ⌊(steps − poolSize) /
/// strides⌋ + 1 (`valid`) or ⌈steps / strides⌉ (`same`, padding split as Keras does, padded steps
/// never chosen). No output mask (Keras 3).
///
/// References: Keras `layers.MaxPooling1D`.
public final class MaxPooling1D: Layer {
    /// Window length, step between windows, and padding (`.valid` or `.same`).
    public let poolSize: Int, strides: Int, padding: ConvPadding
    /// - Parameters: poolSize: window length (default 2); strides: default `poolSize`;
    ///   padding: `.valid` (default) or `.same`.
    public init(poolSize: Int = 2, strides: Int? = nil, padding: ConvPadding = .valid, name: String? = nil) {
        precondition(poolSize > 0 && (strides ?? 1) > 0 && padding != .causal, "MaxPooling1D: poolSize, strides > 0 and padding valid or same")
        self.poolSize = poolSize; self.strides = strides ?? poolSize; self.padding = padding
        super.init(name: name)
    }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        [windowPoolShape(inputShapes, poolSize, strides, padding, name)]
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        MaxPooling1D(poolSize: poolSize, strides: strides, padding: padding)
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let w = slidingWindows(inputs[0], poolSize, strides, padding, fill: -Float.greatestFiniteMagnitude, name)
        return [w.windows.max(axes: [2])]
    }
}

/// Mean over sliding windows (see `MaxPooling1D` for the geometry). With `same` padding each
/// window averages only its real steps, as Keras does. No output mask (Keras 3).
///
/// References: Keras `layers.AveragePooling1D`.
public final class AveragePooling1D: Layer {
    /// Window length, step between windows, and padding (`.valid` or `.same`).
    public let poolSize: Int, strides: Int, padding: ConvPadding
    /// - Parameters: poolSize: window length (default 2); strides: default `poolSize`;
    ///   padding: `.valid` (default) or `.same`.
    public init(poolSize: Int = 2, strides: Int? = nil, padding: ConvPadding = .valid, name: String? = nil) {
        precondition(poolSize > 0 && (strides ?? 1) > 0 && padding != .causal, "AveragePooling1D: poolSize, strides > 0 and padding valid or same")
        self.poolSize = poolSize; self.strides = strides ?? poolSize; self.padding = padding
        super.init(name: name)
    }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        [windowPoolShape(inputShapes, poolSize, strides, padding, name)]
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        AveragePooling1D(poolSize: poolSize, strides: strides, padding: padding)
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let w = slidingWindows(inputs[0], poolSize, strides, padding, fill: 0, name)
        let counts = Tensor(shape: [1, w.counts.count, 1], scalars: w.counts)
        return [w.windows.sum(axes: [2]) / counts]
    }
}

// MARK: - Shared geometry

func globalPoolShape(_ s: [[Int?]], _ keepDims: Bool, _ name: String) -> [Int?] {
    precondition(s.count == 1 && s[0].count == 2, "\(name): input must be [steps, channels] per example, got \(s)")
    return keepDims ? [1, s[0][1]] : [s[0][1]]
}

func windowPoolShape(_ s: [[Int?]], _ pool: Int, _ stride: Int, _ padding: ConvPadding, _ name: String) -> [Int?] {
    precondition(s.count == 1 && s[0].count == 2, "\(name): input must be [steps, channels] per example, got \(s)")
    if let l = s[0][0] { precondition(padding == .same || l >= pool, "\(name): \(l) steps are fewer than the pool size \(pool)") }
    return [slidingOutputLength(s[0][0], width: pool, stride: stride, padding: padding), s[0][1]]
}

/// The windows `[batch, outSteps, pool, channels]` gathered from `x` (out-of-range steps of
/// `same` padding read a row of `fill`) and the number of real steps in each window.
func slidingWindows(_ x: Tensor, _ pool: Int, _ stride: Int, _ padding: ConvPadding, fill: Float, _ name: String)
    -> (windows: Tensor, counts: [Float])
{
    precondition(x.rank == 3, "\(name): input must be [batch, steps, channels], got \(x.shape)")
    let (b, len, c) = (x.shape[0], x.shape[1], x.shape[2])
    let (out, padLeft) = Tensor.conv1dGeometry(length: len, width: pool, stride: stride, dilation: 1, padding: padding)
    precondition(out > 0, "\(name): \(len) steps are fewer than the pool size \(pool)")
    var indices: [Int] = [], counts: [Float] = []
    indices.reserveCapacity(out * pool)
    for o in 0..<out {
        var n = 0
        for j in 0..<pool {
            let i = o * stride + j - padLeft
            if i >= 0 && i < len { indices.append(i); n += 1 } else { indices.append(len) }
        }
        counts.append(Float(n))
    }
    let source = indices.contains(len) ? Tensor.concat([x, Tensor.full([b, 1, c], fill)], axis: 1) : x
    return (source.gather(indices: indices, axis: 1).reshape([b, out, pool, c]), counts)
}
