import Foundation
import Testing
@testable import NumSwift

/// Conv2D and Conv2DTranspose layers: outputs and gradients equal Keras 3's on fixed weights
/// (fixture from benchmarks/compare/conv2d_keras_fixture.py), and finite-difference checks.
@Suite struct Conv2DLayerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let inputShape: [Int]
        let make: @Sendable () -> Layer
        /// The layer for the finite-difference check: `make`'s, with relu replaced by tanh (central
        /// differences straddle relu's kink; the relu layer's exact gradients are checked against
        /// Keras above).
        var smoothMake: (@Sendable () -> Layer)? = nil
        let y: [Float], yShape: [Int], dx: [Float], dKernel: [Float], dBias: [Float]
        var testDescription: String { name }
    }

    typealias F = Conv2DKerasFixture
    static let cases: [Case] = [
        Case(
            name: "Conv2D same, strides (2, 1)", inputShape: [2, 7, 6, 2],
            make: { Conv2D(filters: 3, kernelSize: (3, 2), strides: (2, 1), padding: .same) },
            y: F.conv2dSameStridedY, yShape: F.conv2dSameStridedYShape, dx: F.conv2dSameStridedDX,
            dKernel: F.conv2dSameStridedDKernel, dBias: F.conv2dSameStridedDBias),
        Case(
            name: "Conv2D valid, dilation (2, 1)", inputShape: [2, 7, 6, 2],
            make: { Conv2D(filters: 2, kernelSize: (3, 3), padding: .valid, dilationRate: (2, 1)) },
            y: F.conv2dValidDilatedY, yShape: F.conv2dValidDilatedYShape, dx: F.conv2dValidDilatedDX,
            dKernel: F.conv2dValidDilatedDKernel, dBias: F.conv2dValidDilatedDBias),
        Case(
            name: "Conv2D same, stride 2, relu", inputShape: [1, 8, 8, 1],
            make: { Conv2D(filters: 4, kernelSize: 3, strides: 2, padding: .same, activation: .relu) },
            smoothMake: { Conv2D(filters: 4, kernelSize: 3, strides: 2, padding: .same, activation: .tanh) },
            y: F.conv2dSameStride2ReluY, yShape: F.conv2dSameStride2ReluYShape, dx: F.conv2dSameStride2ReluDX,
            dKernel: F.conv2dSameStride2ReluDKernel, dBias: F.conv2dSameStride2ReluDBias),
        Case(
            name: "Conv2DTranspose same, stride 2", inputShape: [2, 4, 3, 2],
            make: { Conv2DTranspose(filters: 3, kernelSize: 3, strides: 2, padding: .same) },
            y: F.transposeSameStride2Y, yShape: F.transposeSameStride2YShape, dx: F.transposeSameStride2DX,
            dKernel: F.transposeSameStride2DKernel, dBias: F.transposeSameStride2DBias),
        Case(
            name: "Conv2DTranspose valid, kernel (3, 2), strides (2, 3)", inputShape: [1, 3, 4, 2],
            make: { Conv2DTranspose(filters: 2, kernelSize: (3, 2), strides: (2, 3), padding: .valid) },
            y: F.transposeValidAsymY, yShape: F.transposeValidAsymYShape, dx: F.transposeValidAsymDX,
            dKernel: F.transposeValidAsymDKernel, dBias: F.transposeValidAsymDBias),
        Case(
            name: "Conv2DTranspose same, stride 1, sigmoid", inputShape: [2, 5, 5, 3],
            make: { Conv2DTranspose(filters: 1, kernelSize: 3, padding: .same, activation: .sigmoid) },
            y: F.transposeSameStride1SigmoidY, yShape: F.transposeSameStride1SigmoidYShape,
            dx: F.transposeSameStride1SigmoidDX, dKernel: F.transposeSameStride1SigmoidDKernel,
            dBias: F.transposeSameStride1SigmoidDBias),
        Case(
            name: "Conv2DTranspose same, dilation (2, 1)", inputShape: [2, 4, 5, 2],
            make: { Conv2DTranspose(filters: 3, kernelSize: (3, 3), padding: .same, dilationRate: (2, 1)) },
            y: F.transposeSameDilatedY, yShape: F.transposeSameDilatedYShape, dx: F.transposeSameDilatedDX,
            dKernel: F.transposeSameDilatedDKernel, dBias: F.transposeSameDilatedDBias),
        Case(
            name: "Conv2DTranspose valid, kernel (3, 2), dilation (1, 3)", inputShape: [1, 3, 4, 2],
            make: { Conv2DTranspose(filters: 2, kernelSize: (3, 2), padding: .valid, dilationRate: (1, 3)) },
            y: F.transposeValidDilatedY, yShape: F.transposeValidDilatedYShape, dx: F.transposeValidDilatedDX,
            dKernel: F.transposeValidDilatedDKernel, dBias: F.transposeValidDilatedDBias),
        Case(
            name: "Conv2DTranspose valid, kernel (2, 3), dilation 2, relu", inputShape: [2, 3, 2, 1],
            make: { Conv2DTranspose(filters: 2, kernelSize: (2, 3), padding: .valid, dilationRate: (2, 2), activation: .relu) },
            smoothMake: {
                Conv2DTranspose(filters: 2, kernelSize: (2, 3), padding: .valid, dilationRate: (2, 2), activation: .tanh)
            },
            y: F.transposeValidDilatedReluY, yShape: F.transposeValidDilatedReluYShape, dx: F.transposeValidDilatedReluDX,
            dKernel: F.transposeValidDilatedReluDKernel, dBias: F.transposeValidDilatedReluDBias),
    ]

    /// Largest |a − b| relative to max(1, max |b|).
    func err(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
        let scale = max(1, b.map(abs).max() ?? 1)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    @Test(arguments: cases)
    func outputsAndGradientsMatchKeras(_ c: Case) throws {
        let layer = c.make()
        let x = KerasOracleTests.pattern(c.inputShape, 3).trackingGradients()
        _ = layer(x)
        let ws = layer.weights
        try layer.setWeights([KerasOracleTests.pattern(ws[0].shape, 1), KerasOracleTests.pattern(ws[1].shape, 2)])
        let y = layer(x)
        #expect(y.shape == [c.inputShape[0]] + c.yShape.dropFirst())
        // Symbolic shape inference agrees, also with unknown spatial dimensions.
        let per = Array(c.inputShape.dropFirst())
        #expect(layer.computeOutputShape([per.map { Optional($0) }]) == [c.yShape.dropFirst().map { Optional($0) }])
        #expect(layer.computeOutputShape([[nil, nil, per[2]]]) == [[nil, nil, c.yShape[3]]])
        #expect(err(y.scalars, c.y) < 1e-5)
        let loss = (y * KerasOracleTests.pattern(y.shape, 4)).sum()
        let gx = gradients(of: loss, wrt: [x])[0]
        let gw = gradients(of: loss, wrt: ws)
        #expect(err(gx.scalars, c.dx) < 1e-5)
        #expect(err(gw[0].scalars, c.dKernel) < 1e-5)
        #expect(err(gw[1].scalars, c.dBias) < 1e-5)
    }

    @Test(arguments: cases)
    func finiteDifferenceGradients(_ c: Case) {
        let layer = (c.smoothMake ?? c.make)()
        var rng = RandomGenerator(seed: 31)
        let x = Tensor.randomNormal(c.inputShape, generator: &rng)
        _ = layer(x)
        #expect(variableGradientError(layer.weights) { layer(x) } < 1e-2)
        #expect(gradientCheck([x]) { layer($0[0]) }.relativeError < 1e-2)
    }
}
