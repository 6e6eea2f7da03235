import CKernels.Tensor
import Testing
@testable import NumSwift

/// The fused DGCNN gated residual and the im2col Conv1D kernels.
@Suite struct GatedResidualTests {
    func rand(_ shape: [Int], _ seed: UInt64, std: Float = 1) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, std: std, generator: &g)
    }

    /// The same block from separate ops: split, sigmoid, highway mix, mask.
    func unfused(_ x: Tensor, _ h: Tensor, _ bias: Tensor, _ mask: Tensor?, _ noise: Tensor?) -> Tensor {
        let c = x.shape.last!
        let parts = (h + bias).split([c, c], axis: -1)
        let g = noise.map { parts[0] * $0 } ?? parts[0]
        let y = x + (parts[1] - x) * g.sigmoid()
        return mask.map { y * $0.reshape(Array(x.shape.dropLast()) + [1]) } ?? y
    }

    @Test func fusedGatedResidualEqualsTheChainOfOps() {
        let x = rand([3, 5, 4], 1), h = rand([3, 5, 8], 2), b = rand([8], 3)
        let mask = Tensor(shape: [3, 5], scalars: (0..<15).map { $0 % 5 < 5 - $0 / 5 ? 1 : 0 })
        let noise = (rand([3, 5, 4], 4) .> 0) * (1 / 0.9)
        for (m, n) in [(nil, nil), (mask, nil), (mask, noise)] as [(Tensor?, Tensor?)] {
            let fused = Tensor.gatedResidual(x, h, bias: b, mask: m, gateNoise: n)
            #expect(maxRelDiff(fused.scalars, unfused(x, h, b, m, n).scalars) < 1e-5)
        }
        // Padded rows are exactly zero even when the inputs there are not finite.
        var bad = x
        bad.withUnsafeMutableBufferPointer { $0[9 * 4] = .nan }  // row (1, 4) is padding
        let y = Tensor.gatedResidual(bad, h, bias: b, mask: mask)
        #expect(y.scalars[36..<40].allSatisfy { $0 == 0 })
    }

    @Test(arguments: [false, true])
    func fusedGatedResidualGradients(_ withNoise: Bool) {
        let mask = Tensor(shape: [2, 4, 1], scalars: [1, 1, 1, 0, 1, 1, 0, 0])
        let noise: Tensor? = withNoise ? (rand([2, 4, 3], 9) .> -0.5) * 2 : nil
        let r = gradientCheck([rand([2, 4, 3], 5), rand([2, 4, 6], 6), rand([6], 7)]) {
            Tensor.gatedResidual($0[0], $0[1], bias: $0[2], mask: mask, gateNoise: noise)
        }
        #expect(r.relativeError < 1e-3, "\(r)")
    }

    @Test func fusedBiasGradientIsTheSameWithSeveralThreads() {
        let x = rand([4, 200, 64], 10).trackingGradients(), h = rand([4, 200, 128], 11).trackingGradients()
        let b = rand([128], 12).trackingGradients()
        func grads() -> [Tensor] {
            gradients(of: (Tensor.gatedResidual(x, h, bias: b) * rand([4, 200, 64], 13)).sum(), wrt: [x, h, b])
        }
        let one = Parallel.withThreads(1) { grads() }, two = Parallel.withThreads(2) { grads() }
        for (a, c) in zip(one, two) { #expect(maxRelDiff(a.scalars, c.scalars) < 1e-5) }
    }

    /// The chunked im2col path (several chunks, the last one short) against the direct definition,
    /// forward and both adjoints (<conv(x), dy> = <x, dx> = <w, dw>).
    @Test(arguments: [(1, 1, ConvPadding.same), (1, 5, .same), (2, 1, .valid), (1, 2, .causal), (3, 1, .same)])
    func chunkedConv1dMatchesTheDefinition(_ stride: Int, _ dilation: Int, _ padding: ConvPadding) {
        let x = rand([7, 13, 5], 20), w = rand([3, 5, 4], 21)
        let (outLen, padLeft) = Tensor.conv1dGeometry(length: 13, width: 3, stride: stride, dilation: dilation, padding: padding)
        let g = ck_conv1d_geom(
            batch: 7, len: 13, cin: 5, cout: 4, width: 3, stride: stride, dilation: dilation, pad_left: padLeft,
            out_len: outLen, work_limit: 2 * outLen * 15, rows: nil, n_rows: 0)  // two sequences per chunk
        #expect(ck_conv1d_workspace(g) == 2 * outLen * 15)
        var work = [Float](repeating: .nan, count: ck_conv1d_workspace(g))
        var y = [Float](repeating: .nan, count: 7 * outLen * 4)
        x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in ck_conv1d_forward(g, xp.baseAddress, wp.baseAddress, &y, &work) } }
        let ref = naiveConv1d(x, w, stride: stride, dilation: dilation, padLeft: padLeft, outLength: outLen)
        #expect(maxRelDiff(y, ref.scalars) < 1e-5)
        let dy = rand([7, outLen, 4], 22)
        var dx = [Float](repeating: .nan, count: 7 * 13 * 5), dw = [Float](repeating: .nan, count: 3 * 5 * 4)
        dy.withUnsafeBufferPointer { dyp in
            w.withUnsafeBufferPointer { wp in ck_conv1d_backward_input(g, dyp.baseAddress, wp.baseAddress, &dx, &work) }
            x.withUnsafeBufferPointer { xp in ck_conv1d_backward_kernel(g, xp.baseAddress, dyp.baseAddress, &dw, &work) }
        }
        let lhs = zip(ref.scalars, dy.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let viaX = zip(x.scalars, dx).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let viaW = zip(w.scalars, dw).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(lhs - viaX) / abs(lhs) < 1e-5 && abs(lhs - viaW) / abs(lhs) < 1e-5)
    }

    @Test func pointwiseConv1dNeedsNoWorkspace() {
        let g = ck_conv1d_geom(
            batch: 2, len: 6, cin: 3, cout: 2, width: 1, stride: 2, dilation: 1, pad_left: 0, out_len: 3, work_limit: 0, rows: nil, n_rows: 0)
        #expect(ck_conv1d_workspace(g) == 0)
        let x = rand([2, 6, 3], 30), w = rand([1, 3, 2], 31)
        let y = x.conv1d(w, stride: 2)
        #expect(maxRelDiff(y.scalars, naiveConv1d(x, w, stride: 2, dilation: 1, padLeft: 0, outLength: 3).scalars) < 1e-5)
        #expect(gradientCheck([x, w]) { $0[0].conv1d($0[1], stride: 2) }.relativeError < 1e-3)
    }

    /// Convolving only the rows an output mask keeps equals the full convolution times the mask,
    /// with the same gradients, also when the rows come in several chunks.
    @Test(arguments: [(1, ConvPadding.same), (2, .valid), (1, .causal)])
    func maskedConv1dEqualsConvTimesMask(_ dilation: Int, _ padding: ConvPadding) {
        let x = rand([3, 9, 4], 40), w = rand([3, 4, 5], 41)
        let outLen = Tensor.conv1dGeometry(length: 9, width: 3, stride: 1, dilation: dilation, padding: padding).outLength
        let mask = Tensor(shape: [3, outLen, 1], scalars: (0..<(3 * outLen)).map { $0 % outLen < outLen - $0 / outLen * 2 ? 1 : 0 })
        let masked = x.conv1d(w, dilation: dilation, padding: padding, outputMask: mask)
        let full = x.conv1d(w, dilation: dilation, padding: padding) * mask
        #expect(maxRelDiff(masked.scalars, full.scalars) < 1e-5)
        #expect(gradientCheck([x, w]) { $0[0].conv1d($0[1], dilation: dilation, padding: padding, outputMask: mask) }.relativeError < 1e-3)
        #expect(x.conv1d(w, dilation: dilation, padding: padding, outputMask: mask * 0) == Tensor.zeros(full.shape))
        // Several chunks of listed rows through the C entry points.
        let rows = mask.scalars.indices.filter { mask.scalars[$0] != 0 }
        rows.withUnsafeBufferPointer { rp in
            let pad = Tensor.conv1dGeometry(length: 9, width: 3, stride: 1, dilation: dilation, padding: padding).padLeft
            let g = ck_conv1d_geom(
                batch: 3, len: 9, cin: 4, cout: 5, width: 3, stride: 1, dilation: dilation, pad_left: pad, out_len: outLen,
                work_limit: 3 * (12 + 5), rows: rp.baseAddress, n_rows: rows.count)
            var work = [Float](repeating: .nan, count: ck_conv1d_workspace(g))
            var y = [Float](repeating: .nan, count: 3 * outLen * 5)
            x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in ck_conv1d_forward(g, xp.baseAddress, wp.baseAddress, &y, &work) } }
            #expect(maxRelDiff(y, full.scalars) < 1e-5)
        }
    }
}
