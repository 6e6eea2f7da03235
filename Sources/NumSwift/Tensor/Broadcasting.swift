import CKernels.Tensor

/// NumPy broadcasting: shapes align on the right; an axis of extent 1 (or a missing leading axis)
/// stretches to the other operand's extent.
extension Tensor {
    /// The broadcast shape of `a` and `b`, or a precondition failure naming `op` and both shapes.
    static func broadcastShape(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        if a == b { return a }
        let r = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            precondition(da == db || da == 1 || db == 1, "\(op): \(a) vs \(b)")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Element strides for reading a tensor of `shape` as if broadcast to `target` (0 on
    /// stretched or missing axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(of: shape)
        let pad = target.count - shape.count
        var s = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[pad + i] == 1 {
            s[pad + i] = shape[i] == 1 ? 0 : own[i]
        }
        return s
    }

    /// Materialises this tensor broadcast to `target` (no tape).
    func broadcastValue(to target: [Int]) -> Tensor {
        if shape == target { return detached() }
        let s = Tensor.broadcastStrides(shape, to: target)
        return Tensor.stridedCopy(shape: target, from: ptr, strides: s)
    }

    /// A contiguous tensor of `shape` whose element at index (i_0, ...) is
    /// `source[sum_d i_d * strides[d]]` (permutes, slices, broadcasts).
    static func stridedCopy(shape: [Int], from source: UnsafePointer<Float>, strides: [Int]) -> Tensor {
        build(shape) { y in ck_copy_strided(shape.count, shape, source, strides, y) }
    }

    /// Sums a gradient of the broadcast shape back to `shape`: the one place where
    /// broadcasting is undone for every op.
    ///
    /// - Precondition: `shape` broadcasts to `gradient.shape`.
    public static func unbroadcast(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        let gs = gradient.shape
        if gs == shape { return gradient }
        let pad = gs.count - shape.count
        precondition(pad >= 0, "unbroadcast: \(gs) vs \(shape)")
        var axes: [Int] = []
        for i in 0..<gs.count {
            let target = i < pad ? 1 : shape[i - pad]
            if target == 1 && gs[i] != 1 || i < pad { axes.append(i) } else { precondition(target == gs[i], "unbroadcast: \(gs) vs \(shape)") }
        }
        return gradient.sumValue(axes: axes).reshapedValue(shape)
    }
}
