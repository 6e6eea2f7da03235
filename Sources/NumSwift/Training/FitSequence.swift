// MARK: - fit over a batch sequence

extension Model {
    /// Trains on a re-iterable sequence of `(x, y)` batches (Keras `PyDataset` / a Python
    /// generator per epoch): each epoch iterates `batches` again from the start. `y` is nil for
    /// models trained by `addLoss` only. The bar's target is the sequence's `underestimatedCount`
    /// when it is positive (e.g. an array of batches), otherwise unknown.
    ///
    /// - Throws: errors of callbacks; `NumSwiftError.invalidArgument` when the model is not compiled.
    @discardableResult
    public func fit<S: Sequence>(
        batches: S, epochs: Int = 1, verbose: Int = 1,
        validationData: ([Tensor], [Tensor]?)? = nil, batchSize: Int = 32,
        callbacks: [Callback] = []
    ) throws -> History where S.Element == (Tensor, Tensor?) {
        let n = batches.underestimatedCount
        return try fit(
            batches: { _ in
                AnyIterator(batches.lazy.map { Batch(x: [$0.0], y: $0.1.map { [$0] }) }.makeIterator())
            }, stepsPerEpoch: n > 0 ? n : nil, epochs: epochs, verbose: verbose, validationData: validationData,
            batchSize: batchSize, callbacks: callbacks)
    }
}
