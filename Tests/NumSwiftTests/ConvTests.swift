import Testing
@testable import NumSwift

/// Direct definition: y[b, o, co] = Σ_j Σ_ci x[b, o·s + j·d − pl, ci] · w[j, ci, co] over rows in range.
func naiveConv1d(_ x: Tensor, _ w: Tensor, stride s: Int, dilation d: Int, padLeft pl: Int, outLength: Int) -> Tensor {
    let (b, len, cin) = (x.shape[0], x.shape[1], x.shape[2])
    let (k, cout) = (w.shape[0], w.shape[2])
    let xv = x.scalars, wv = w.scalars
    var y = [Float](repeating: 0, count: b * outLength * cout)
    for bi in 0..<b {
        for o in 0..<outLength {
            for co in 0..<cout {
                var acc = 0.0
                for j in 0..<k {
                    let r = o * s + j * d - pl
                    guard r >= 0 && r < len else { continue }
                    for ci in 0..<cin { acc += Double(xv[(bi * len + r) * cin + ci]) * Double(wv[(j * cin + ci) * cout + co]) }
                }
                y[(bi * outLength + o) * cout + co] = Float(acc)
            }
        }
    }
    return Tensor(shape: [b, outLength, cout], scalars: y)
}

@Suite struct ConvTests {
    func rand(_ shape: [Int], _ seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, generator: &g)
    }

    @Test(arguments: [(1, 1, ConvPadding.valid), (1, 2, .same), (1, 3, .causal), (2, 1, .same), (3, 2, .valid), (1, 1, .same)])
    func conv1dMatchesTheDefinition(_ stride: Int, _ dilation: Int, _ padding: ConvPadding) {
        let x = rand([3, 11, 4], 1), w = rand([3, 4, 5], 2)
        let y = x.conv1d(w, stride: stride, dilation: dilation, padding: padding)
        let (outLen, padLeft) = Tensor.conv1dGeometry(length: 11, width: 3, stride: stride, dilation: dilation, padding: padding)
        #expect(y.shape == [3, outLen, 5])
        let ref = naiveConv1d(x, w, stride: stride, dilation: dilation, padLeft: padLeft, outLength: outLen)
        #expect(maxRelDiff(y.scalars, ref.scalars) < 1e-5)
    }

    @Test func kerasOutputLengths() {
        // Keras: valid → floor((L − d(k−1) − 1)/s) + 1; same → ceil(L/s); causal → L.
        #expect(Tensor.conv1dGeometry(length: 128, width: 3, stride: 1, dilation: 5, padding: .same) == (128, 5))
        #expect(Tensor.conv1dGeometry(length: 10, width: 3, stride: 1, dilation: 2, padding: .valid).outLength == 6)
        #expect(Tensor.conv1dGeometry(length: 10, width: 3, stride: 3, dilation: 1, padding: .same).outLength == 4)
        #expect(Tensor.conv1dGeometry(length: 10, width: 4, stride: 1, dilation: 1, padding: .same) == (10, 1))
        #expect(Tensor.conv1dGeometry(length: 10, width: 3, stride: 1, dilation: 2, padding: .causal) == (10, 4))
    }

    @Test func causalOutputIgnoresTheFuture() {
        let x = rand([1, 8, 2], 3), w = rand([3, 2, 2], 4)
        var future = x
        future.withUnsafeMutableBufferPointer { p in for i in 10..<16 { p[i] = 100 } }  // rows 5...7
        let a = x.conv1d(w, dilation: 2, padding: .causal), b = future.conv1d(w, dilation: 2, padding: .causal)
        #expect(Array(a.scalars[..<10]) == Array(b.scalars[..<10]))
    }

    /// Direct 2-D definition in double (NHWC, kernel [kh, kw, cin, cout]).
    func naiveConv2d(_ x: Tensor, _ w: Tensor, _ g: (oh: Int, ow: Int, sh: Int, sw: Int, dh: Int, dw: Int, pt: Int, pl: Int)) -> [Float] {
        let (b, h, wd, cin) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, cout) = (w.shape[0], w.shape[1], w.shape[3])
        let xv = x.scalars, wv = w.scalars
        var y = [Float](repeating: 0, count: b * g.oh * g.ow * cout)
        for bi in 0..<b {
            for oy in 0..<g.oh {
                for ox in 0..<g.ow {
                    for co in 0..<cout {
                        var acc = 0.0
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * g.sh + ky * g.dh - g.pt, ix = ox * g.sw + kx * g.dw - g.pl
                                guard iy >= 0 && iy < h && ix >= 0 && ix < wd else { continue }
                                for ci in 0..<cin {
                                    acc += Double(xv[((bi * h + iy) * wd + ix) * cin + ci]) * Double(wv[((ky * kw + kx) * cin + ci) * cout + co])
                                }
                            }
                        }
                        y[((bi * g.oh + oy) * g.ow + ox) * cout + co] = Float(acc)
                    }
                }
            }
        }
        return y
    }

    @Test func conv2dMatchesTheDefinitionAndKerasShapes() {
        let x = rand([2, 9, 8, 3], 5), w = rand([3, 3, 3, 4], 6)
        for (strides, dilation, padding) in [((1, 1), (1, 1), ConvPadding.valid), ((2, 2), (1, 1), .same), ((2, 1), (2, 1), .same), ((3, 2), (1, 1), .valid)] {
            let y = x.conv2d(w, strides: strides, dilation: dilation, padding: padding)
            let g = Tensor.conv2dGeometry(input: x.shape, kernel: w.shape, strides: strides, dilation: dilation, padding: padding)
            #expect(y.shape == [2, g.oh, g.ow, 4])
            let ref = naiveConv2d(x, w, (g.oh, g.ow, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl))
            #expect(maxRelDiff(y.scalars, ref) < 1e-5)
        }
        // MNIST encoder of article 6705: 28×28 → 14×14 → 7×7 with stride 2, kernel 3, same.
        let m = Tensor.zeros([1, 28, 28, 1]).conv2d(Tensor.zeros([3, 3, 1, 32]), strides: (2, 2), padding: .same)
        #expect(m.shape == [1, 14, 14, 32])
        #expect(m.conv2d(Tensor.zeros([3, 3, 32, 64]), strides: (2, 2), padding: .same).shape == [1, 7, 7, 64])
    }

    @Test func conv2dTransposeIsTheAdjointOfConv2d() {
        // <conv2d(x), y> == <x, conv2dTranspose(y)> for every x, y.
        let x = rand([2, 8, 6, 3], 7), w = rand([3, 3, 3, 4], 8)
        let cx = x.conv2d(w, strides: (2, 2), padding: .same)  // [2, 4, 3, 4]
        let y = rand(cx.shape, 9)
        let ty = y.conv2dTranspose(w, strides: (2, 2), padding: .same)
        #expect(ty.shape == [2, 8, 6, 3])
        let lhs = (cx * y).sum().scalar, rhs = (x * ty).sum().scalar
        #expect(abs(lhs - rhs) / abs(lhs) < 1e-5)
        // Keras output sizes: same → n·s, valid → n·s + max(k − s, 0).
        #expect(Tensor.zeros([1, 7, 7, 64]).conv2dTranspose(Tensor.zeros([3, 3, 32, 64]), strides: (2, 2), padding: .same).shape == [1, 14, 14, 32])
        #expect(Tensor.zeros([1, 7, 5, 2]).conv2dTranspose(Tensor.zeros([3, 2, 1, 2]), strides: (2, 3)).shape == [1, 15, 15, 1])
    }
}
