import CKernels.Tensor

// MARK: - Broadcasting binary kernels (no tape)

extension Tensor {
    /// `a op b` with broadcasting through the C kernels; fast paths for equal shapes, scalars
    /// and a row vector against a matrix.
    static func binaryValue(_ op: Int32, _ a: Tensor, _ b: Tensor, _ name: String) -> Tensor {
        if a.shape == b.shape {
            return build(a.shape) { y in
                Parallel.forChunks(a.count) { s, c in ck_binary(op, a.ptr + s, b.ptr + s, y + s, c) }
            }
        }
        if b.count == 1 && b.rank <= a.rank {
            return scalarRight(op, a, b.ptr[0])
        }
        if a.count == 1 && a.rank <= b.rank {
            return scalarLeft(op, a.ptr[0], b)
        }
        if b.rank == 1 && a.rank >= 1 && a.shape[a.rank - 1] == b.shape[0] {
            let n = b.shape[0]
            return build(a.shape) { ck_binary_rows(op, a.ptr, b.ptr, $0, a.count / Swift.max(n, 1), n) }
        }
        let out = broadcastShape(a.shape, b.shape, op: name)
        let sa = broadcastStrides(a.shape, to: out), sb = broadcastStrides(b.shape, to: out)
        return build(out) { y in ck_binary_strided(op, out.count, out, a.ptr, sa, b.ptr, sb, y) }
    }

    static func scalarRight(_ op: Int32, _ a: Tensor, _ v: Float) -> Tensor {
        build(a.shape) { y in Parallel.forChunks(a.count) { s, c in ck_binary_scalar_right(op, a.ptr + s, v, y + s, c) } }
    }

    static func scalarLeft(_ op: Int32, _ v: Float, _ b: Tensor) -> Tensor {
        build(b.shape) { y in Parallel.forChunks(b.count) { s, c in ck_binary_scalar_left(op, v, b.ptr + s, y + s, c) } }
    }
}

// MARK: - Differentiable arithmetic

extension Tensor {
    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_ADD), a, b, "add")
        guard recording(a, b) else { return y }
        let (sa, sb, ta, tb) = (a.shape, b.shape, a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            (ta ? unbroadcast(g, to: sa) : nil, tb ? unbroadcast(g, to: sb) : nil)
        }
    }

    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_SUB), a, b, "subtract")
        guard recording(a, b) else { return y }
        let (sa, sb, ta, tb) = (a.shape, b.shape, a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            (ta ? unbroadcast(g, to: sa) : nil, tb ? unbroadcast(-g, to: sb) : nil)
        }
    }

    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_MUL), a, b, "multiply")
        guard recording(a, b) else { return y }
        // Capture each factor only if the other one needs a gradient.
        let (sa, sb) = (a.shape, b.shape)
        let av: Tensor? = b.isTracked ? a.detached() : nil, bv: Tensor? = a.isTracked ? b.detached() : nil
        return y.recorded(a, b) { g in
            (bv.map { unbroadcast(g * $0, to: sa) }, av.map { unbroadcast(g * $0, to: sb) })
        }
    }

    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_DIV), a, b, "divide")
        guard recording(a, b) else { return y }
        let (av, bv, ta, tb) = (a.detached(), b.detached(), a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            let ga = g / bv
            return (ta ? unbroadcast(ga, to: av.shape) : nil, tb ? unbroadcast(-(ga * y), to: bv.shape) : nil)
        }
    }

    /// Elementwise `a^b` with broadcasting. The gradient with respect to `b` uses `log a` where
    /// `a > 0` and 0 elsewhere.
    public static func pow(_ a: Tensor, _ b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_POW), a, b, "pow")
        guard recording(a, b) else { return y }
        let (av, bv, ta, tb) = (a.detached(), b.detached(), a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            let ga = ta ? unbroadcast(g * bv * pow(av, bv - 1), to: av.shape) : nil
            var gb: Tensor? = nil
            if tb {
                let safeLog = Tensor.where(av .> 0, av, Tensor(1)).log()
                gb = unbroadcast(g * y * safeLog, to: bv.shape)
            }
            return (ga, gb)
        }
    }

    /// Elementwise `x^p` for a constant exponent.
    public func pow(_ p: Float) -> Tensor {
        let y = Tensor.scalarRight(Int32(CK_POW), self, p)
        guard Tensor.recording(self) else { return y }
        let x = detached()
        return y.recorded(self) { g in g * (p * x.pow(p - 1)) }
    }

    /// Elementwise maximum with broadcasting; ties send the gradient to `a`.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_MAXIMUM), a, b, "maximum")
        guard recording(a, b) else { return y }
        let (av, bv, ta, tb) = (a.detached(), b.detached(), a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            let m = av .>= bv
            return (ta ? unbroadcast(g * m, to: av.shape) : nil, tb ? unbroadcast(g * (1 - m), to: bv.shape) : nil)
        }
    }

    /// Elementwise minimum with broadcasting; ties send the gradient to `a`.
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let y = binaryValue(Int32(CK_MINIMUM), a, b, "minimum")
        guard recording(a, b) else { return y }
        let (av, bv, ta, tb) = (a.detached(), b.detached(), a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            let m = av .<= bv
            return (ta ? unbroadcast(g * m, to: av.shape) : nil, tb ? unbroadcast(g * (1 - m), to: bv.shape) : nil)
        }
    }

    // MARK: Tensor and scalar

    /// Adds a constant to every element.
    public static func + (a: Tensor, s: Float) -> Tensor {
        let y = scalarRight(Int32(CK_ADD), a, s)
        return recording(a) ? y.recorded(a) { $0 } : y
    }
    /// Adds a constant to every element.
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    /// Subtracts a constant from every element.
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    /// `s - a` elementwise.
    public static func - (s: Float, a: Tensor) -> Tensor {
        let y = scalarLeft(Int32(CK_SUB), s, a)
        return recording(a) ? y.recorded(a) { -$0 } : y
    }
    /// Multiplies every element by a constant.
    public static func * (a: Tensor, s: Float) -> Tensor {
        let y = scalarRight(Int32(CK_MUL), a, s)
        return recording(a) ? y.recorded(a) { $0 * s } : y
    }
    /// Multiplies every element by a constant.
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    /// Divides every element by a constant.
    public static func / (a: Tensor, s: Float) -> Tensor {
        let y = scalarRight(Int32(CK_DIV), a, s)
        return recording(a) ? y.recorded(a) { $0 / s } : y
    }
    /// `s / a` elementwise.
    public static func / (s: Float, a: Tensor) -> Tensor {
        let y = scalarLeft(Int32(CK_DIV), s, a)
        guard recording(a) else { return y }
        let av = a.detached()
        return y.recorded(a) { g in -(g * y / av) }
    }

    // MARK: Compound assignment

    /// Adds in place by reassignment (`a = a + b`; recorded like the binary op).
    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    /// Subtracts in place by reassignment (`a = a - b`; recorded like the binary op).
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    /// Multiplies in place by reassignment (`a = a * b`; recorded like the binary op).
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    /// Divides in place by reassignment (`a = a / b`; recorded like the binary op).
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
    /// Adds by a constant (`a = a + s`; recorded like the binary op).
    public static func += (a: inout Tensor, s: Float) { a = a + s }
    /// Subtracts by a constant (`a = a - s`; recorded like the binary op).
    public static func -= (a: inout Tensor, s: Float) { a = a - s }
    /// Multiplies by a constant (`a = a * s`; recorded like the binary op).
    public static func *= (a: inout Tensor, s: Float) { a = a * s }
    /// Divides by a constant (`a = a / s`; recorded like the binary op).
    public static func /= (a: inout Tensor, s: Float) { a = a / s }
}

// MARK: - Comparisons and selection (not differentiable)

extension Tensor {
    /// Elementwise `a < b` as 1/0 with broadcasting (not differentiable).
    public static func .< (a: Tensor, b: Tensor) -> Tensor { binaryValue(Int32(CK_LT), a, b, "less") }
    /// Elementwise `a <= b` as 1/0.
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { binaryValue(Int32(CK_LE), a, b, "lessEqual") }
    /// Elementwise `a > b` as 1/0.
    public static func .> (a: Tensor, b: Tensor) -> Tensor { binaryValue(Int32(CK_GT), a, b, "greater") }
    /// Elementwise `a >= b` as 1/0.
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { binaryValue(Int32(CK_GE), a, b, "greaterEqual") }
    /// Elementwise `a == b` as 1/0.
    public static func .== (a: Tensor, b: Tensor) -> Tensor { binaryValue(Int32(CK_EQ), a, b, "equal") }
    /// Elementwise `a != b` as 1/0.
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { binaryValue(Int32(CK_NE), a, b, "notEqual") }
    /// Elementwise `a < s` as 1/0.
    public static func .< (a: Tensor, s: Float) -> Tensor { scalarRight(Int32(CK_LT), a, s) }
    /// Elementwise `a <= s` as 1/0.
    public static func .<= (a: Tensor, s: Float) -> Tensor { scalarRight(Int32(CK_LE), a, s) }
    /// Elementwise `a > s` as 1/0.
    public static func .> (a: Tensor, s: Float) -> Tensor { scalarRight(Int32(CK_GT), a, s) }
    /// Elementwise `a >= s` as 1/0.
    public static func .>= (a: Tensor, s: Float) -> Tensor { scalarRight(Int32(CK_GE), a, s) }
    /// Elementwise `a == s` as 1/0.
    public static func .== (a: Tensor, s: Float) -> Tensor { scalarRight(Int32(CK_EQ), a, s) }
    /// Elementwise `a != s` as 1/0.
    public static func .!= (a: Tensor, s: Float) -> Tensor { scalarRight(Int32(CK_NE), a, s) }

    /// Elementwise selection `condition != 0 ? a : b`, broadcasting all three; differentiable in
    /// `a` and `b` (the gradient flows to the selected side).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let out = broadcastShape(broadcastShape(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let c = condition.broadcastValue(to: out), av = a.broadcastValue(to: out), bv = b.broadcastValue(to: out)
        let y = build(out) { ck_select(c.ptr, av.ptr, bv.ptr, $0, c.count) }
        guard recording(a, b) else { return y }
        let (sa, sb, ta, tb) = (a.shape, b.shape, a.isTracked, b.isTracked)
        return y.recorded(a, b) { g in
            let zero = Tensor.zeros(out)
            let ga = ta ? unbroadcast(build(out) { ck_select(c.ptr, g.ptr, zero.ptr, $0, c.count) }, to: sa) : nil
            let gb = tb ? unbroadcast(build(out) { ck_select(c.ptr, zero.ptr, g.ptr, $0, c.count) }, to: sb) : nil
            return (ga, gb)
        }
    }
}
