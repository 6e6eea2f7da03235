import Testing
@testable import NumSwift

/// GRU, LSTM and Bidirectional: finite-difference gradients, masking and direction semantics.
@Suite struct RecurrentLayerTests {
    let mask = Tensor(shape: [2, 4], scalars: [1, 1, 1, 1, 1, 1, 0, 0])

    @Test(arguments: [true, false])
    func gruGradients(_ resetAfter: Bool) {
        let gru = GRU(units: 3, resetAfter: resetAfter, returnSequences: true)
        let x = randn([2, 4, 2], 1)
        _ = gru([x, mask])
        #expect(variableGradientError(gru.weights) { gru([x, mask])[0] } < 1e-2)
        #expect(gradientCheck([x]) { gru([$0[0], mask])[0] }.relativeError < 1e-2)
    }

    @Test func lstmGradients() {
        let lstm = LSTM(units: 3, returnState: true)
        let x = randn([2, 4, 2], 2)
        _ = lstm([x, mask])
        #expect(variableGradientError(lstm.weights) { lstm([x, mask])[2] } < 1e-2)  // the cell state
        #expect(gradientCheck([x]) { lstm([$0[0], mask])[0] }.relativeError < 1e-2)
    }

    @Test func bidirectionalGradients() {
        let bi = Bidirectional(GRU(units: 2, returnSequences: true))
        let x = randn([2, 4, 3], 3)
        _ = bi([x, mask])
        #expect(bi.weights.count == 6)
        #expect(variableGradientError(bi.weights) { bi([x, mask])[0] } < 1e-2)
        #expect(gradientCheck([x]) { bi([$0[0], mask])[0] }.relativeError < 1e-2)
    }

    @Test func maskedStepsCarryTheStateAndIgnoreTheInput() {
        let gru = GRU(units: 3)
        let x = randn([2, 4, 2], 4)
        var y = x
        y.withUnsafeMutableBufferPointer { p in for i in 12..<16 { p[i] = 50 } }  // sequence 1, steps 2 and 3 (masked)
        let a = gru([x, mask])[0], b = gru([y, mask])[0]
        #expect(a == b)
        // The last output of sequence 1 is its state after step 1.
        let short = gru(x.slice(axis: 1, 0..<2))
        #expect(maxRelDiff(Array(a.scalars[3..<6]), Array(short.scalars[3..<6])) < 1e-6)
    }

    @Test func goBackwardsReadsTheSequenceFromTheEnd() {
        let fwd = GRU(units: 2, returnSequences: true), bwd = GRU(units: 2, returnSequences: true, goBackwards: true)
        let x = randn([1, 5, 3], 5)
        _ = fwd(x)
        _ = bwd(x)
        for (a, b) in zip(bwd.weights, fwd.weights) { a.value = b.value }
        // Going backwards over x equals going forwards over reversed x, outputs in processing order.
        #expect(bwd(x) == fwd(x.reversed(axis: 1)))
    }

    @Test func reversedAxisHasTheReversedGradient() {
        #expect(gradientCheck([randn([2, 3, 2], 6)]) { $0[0].reversed(axis: 1) }.relativeError < 1e-3)
    }
}
