import CKernels.Tensor

/// Dense linear algebra on rank-2 tensors through LAPACKE (single precision). Results are
/// plain values (not recorded on the tape).
///
/// References: LAPACK sgesdd/sgeqrf/sorgqr/ssyevd/sgesv.
extension Tensor {
    private func lapackInput(_ op: String) -> Tensor {
        precondition(rank == 2, "\(op): needs a rank-2 matrix, got shape \(shape)")
        var copy = detached()
        copy.storage = storage.copy()
        return copy
    }

    private static func check(_ info: Int32, _ op: String, _ what: String) throws {
        if info < 0 {
            throw NumSwiftError.invalidArgument(name: "\(op) argument", value: "\(-info)", expected: "a legal LAPACK argument")
        }
        if info > 0 {
            throw NumSwiftError.invalidArgument(name: "\(op) input", value: "LAPACK info \(info)", expected: what)
        }
    }

    /// Thin singular value decomposition `A = U diag(s) Vᵀ` of an `[m, n]` matrix, `k = min(m, n)`.
    ///
    /// - Returns: `u [m, k]` with orthonormal columns, `s [k]` descending, `vt [k, n]`.
    /// - Throws: `NumSwiftError.invalidArgument` when the iteration does not converge
    ///   (e.g. NaN entries).
    public func svd() throws -> (u: Tensor, s: Tensor, vt: Tensor) {
        let a = lapackInput("svd")
        let (m, n) = (shape[0], shape[1]), k = Swift.min(m, n)
        let u = Tensor(uninitializedShape: [m, k]), s = Tensor(uninitializedShape: [k]), vt = Tensor(uninitializedShape: [k, n])
        if k == 0 { return (Tensor.zeros([m, 0]), Tensor.zeros([0]), Tensor.zeros([0, n])) }
        try Tensor.check(
            ck_svd(m, n, a.storage.base, u.storage.base, s.storage.base, vt.storage.base),
            "svd", "a finite matrix (SVD did not converge)")
        return (u, s, vt)
    }

    /// Thin QR decomposition `A = Q R` of an `[m, n]` matrix with `m >= n`.
    ///
    /// - Returns: `q [m, n]` with orthonormal columns, `r [n, n]` upper triangular.
    public func qr() throws -> (q: Tensor, r: Tensor) {
        let a = lapackInput("qr")
        let (m, n) = (shape[0], shape[1])
        precondition(m >= n, "qr: needs rows >= columns, got shape \(shape)")
        let q = Tensor(uninitializedShape: [m, n]), r = Tensor(uninitializedShape: [n, n])
        var tau = [Float](repeating: 0, count: Swift.max(n, 1))  // Householder scalars (workspace)
        try Tensor.check(
            ck_qr(m, n, a.storage.base, q.storage.base, r.storage.base, &tau), "qr", "a finite matrix")
        return (q, r)
    }

    /// Eigendecomposition of a symmetric `[n, n]` matrix (upper triangle read):
    /// `A = V diag(w) Vᵀ`.
    ///
    /// - Returns: `values [n]` ascending, `vectors [n, n]` with the eigenvectors as columns.
    public func symmetricEigen() throws -> (values: Tensor, vectors: Tensor) {
        let a = lapackInput("symmetricEigen")
        let n = shape[0]
        precondition(shape[1] == n, "symmetricEigen: needs a square matrix, got shape \(shape)")
        let w = Tensor(uninitializedShape: [n])
        try Tensor.check(
            ck_syev(n, a.storage.base, w.storage.base), "symmetricEigen",
            "a finite symmetric matrix (eigen solver did not converge)")
        return (w, a)
    }

    /// Solves `A X = B` for a square `[n, n]` matrix `A` and `B` of shape `[n]` or `[n, r]`.
    ///
    /// - Throws: `NumSwiftError.invalidArgument` when `A` is singular.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let n = a.shape.first ?? 0
        precondition(
            a.rank == 2 && a.shape[1] == n && (b.rank == 1 || b.rank == 2) && b.shape[0] == n,
            "solve: \(a.shape) vs \(b.shape)")
        let lu = a.lapackInput("solve")
        let x = b.reshapedValue(b.rank == 1 ? [n, 1] : b.shape).lapackInput("solve")
        var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))  // LU row swaps (workspace)
        try check(
            ck_solve(n, x.shape[1], lu.storage.base, x.storage.base, &pivots), "solve", "a nonsingular matrix")
        return x.reshapedValue(b.shape)
    }
}

// MARK: - Random orthogonal matrices

extension Tensor {
    /// A random matrix with orthonormal columns (or rows, when it is wide), uniformly
    /// distributed (Haar), scaled by `gain`: the recipe of Keras' `Orthogonal` initializer.
    ///
    /// The shape is flattened to `[prod(shape.dropLast()), shape.last]`; a normal matrix of the
    /// tall orientation is QR-factorised and `Q` is multiplied by the signs of `diag(R)` (which
    /// makes the distribution uniform), then transposed back if the shape is wide.
    ///
    /// - Precondition: rank >= 2.
    /// - Throws: `NumSwiftError` if the QR factorisation fails (it does not for finite input).
    /// References: Saxe et al., "Exact solutions to the nonlinear dynamics of learning in deep
    /// linear networks" (2014); Mezzadri, "How to generate random matrices from the classical
    /// compact groups" (2007).
    public static func randomOrthogonal(_ shape: [Int], gain: Float = 1, generator: inout RandomGenerator) throws -> Tensor {
        precondition(shape.count >= 2, "randomOrthogonal: needs rank >= 2, got shape \(shape)")
        let rows = product(Array(shape.dropLast())), cols = shape[shape.count - 1]
        let (m, n) = (Swift.max(rows, cols), Swift.min(rows, cols))
        let a = randomNormal([m, n], generator: &generator)
        let (q, r) = try a.qr()
        let signs = Tensor(shape: [1, n], scalars: (0..<n).map { r.scalar(at: [$0, $0]) < 0 ? -1 : 1 })
        let fixed = withNoGrad { q * signs * gain }
        return (rows < cols ? fixed.transposed() : fixed).reshape(shape)
    }
}
