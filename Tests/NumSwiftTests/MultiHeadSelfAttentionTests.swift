import Testing
@testable import NumSwift

/// Multi-head self-attention with a key mask (article 6671 §2.3 step 6, checklist "Attention").
@Suite struct MultiHeadSelfAttentionTests {
    let mask = Tensor(shape: [2, 5], scalars: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0])

    @Test func attentionIsScaledByTheSquareRootOfTheHeadSizeWithoutBiasOrProjection() throws {
        let att = MultiHeadSelfAttention(heads: 2, headSize: 3)
        let x = randn([1, 4, 5], 1)
        let y = att(x)
        #expect(y.shape == [1, 4, 6])
        #expect(att.weights.count == 3)
        // Head 1 by hand.
        let cols = 3..<6
        func head(_ v: Variable) -> Tensor { x.reshape([4, 5]).matmul(v.value).slice(axis: 1, cols) }
        let (q, k, v) = (head(att.queryKernel), head(att.keyKernel), head(att.valueKernel))
        let a = (q.matmul(k, transposeB: true) / Float(3).squareRoot()).softmax(axis: -1)
        #expect(maxRelDiff(y.reshape([4, 6]).slice(axis: 1, cols).scalars, a.matmul(v).scalars) < 1e-5)
    }

    @Test func paddedKeysAreExcludedFromAttention() {
        let att = MultiHeadSelfAttention(heads: 2, headSize: 4)
        let x = randn([2, 5, 3], 2)
        var y = x
        y.withUnsafeMutableBufferPointer { p in for i in (5 + 3) * 3..<(10 * 3) { p[i] = 1000 } }  // padded rows of sequence 1
        let a = att([x, mask])[0], b = att([y, mask])[0]
        // Valid query positions do not see the padded keys at all.
        #expect(Array(a.scalars[0..<(8 * 8)]) == Array(b.scalars[0..<(8 * 8)]))
        // Same as attention over the unpadded sequence alone.
        let alone = att(x.slice(axis: 0, 1..<2).slice(axis: 1, 0..<3))
        #expect(maxRelDiff(Array(a.scalars[40..<64]), alone.scalars) < 1e-5)
    }

    @Test func optionalBiasProjectionAndQueryMask() {
        let att = MultiHeadSelfAttention(heads: 2, headSize: 2, useBias: true, outputProjection: true, maskQueries: true)
        let y = att([randn([2, 5, 3], 3), mask])[0]
        #expect(att.weights.count == 8)
        #expect(y.scalars[(8 * 4)..<(10 * 4)].allSatisfy { $0 == 0 })
    }

    @Test func attentionGradients() {
        let att = MultiHeadSelfAttention(heads: 2, headSize: 2, useBias: true, outputProjection: true)
        let x = randn([2, 5, 3], 4)
        _ = att([x, mask])
        #expect(variableGradientError(att.weights) { att([x, mask])[0] } < 1e-2)
        #expect(gradientCheck([x]) { att([$0[0], mask])[0] }.relativeError < 1e-2)
    }
}
