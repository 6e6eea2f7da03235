extension Tensor {
    /// The tensor with the order of `axis` reversed (differentiable: the gradient is reversed back).
    ///
    /// References: NumPy `flip`.
    public func reversed(axis: Int) -> Tensor {
        let a = normalizedAxis(axis, "reversed")
        let n = shape[a]
        return gather(indices: Array((0..<n).reversed()), axis: a)
    }
}
