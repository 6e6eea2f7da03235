import CKernels.Tensor

// MARK: - 2-D convolution (NHWC, Keras layouts)

extension Tensor {
    /// Geometry of a Keras `Conv2D` on `[b, h, w, cin]` with kernel `[kh, kw, cin, cout]`.
    static func conv2dGeometry(
        input s: [Int], kernel k: [Int], strides: (Int, Int), dilation: (Int, Int),
        padding: ConvPadding
    ) -> ck_conv2d_geom {
        precondition(padding != .causal, "conv2d: causal padding is only defined for conv1d")
        let (oh, pt) = conv1dGeometry(length: s[1], width: k[0], stride: strides.0, dilation: dilation.0, padding: padding)
        let (ow, pl) = conv1dGeometry(length: s[2], width: k[1], stride: strides.1, dilation: dilation.1, padding: padding)
        return ck_conv2d_geom(
            b: s[0], h: s[1], w: s[2], cin: s[3], cout: k[3], kh: k[0], kw: k[1],
            sh: strides.0, sw: strides.1, dh: dilation.0, dw: dilation.1, pt: pt, pl: pl, oh: oh, ow: ow)
    }

    /// The im2col workspace for `g` (uninitialised).
    private static func workspace(_ g: ck_conv2d_geom) -> Tensor { Tensor(uninitializedShape: [ck_conv2d_workspace(g)]) }

    /// 2-D convolution (cross-correlation, Keras `Conv2D` without bias) via im2col and one GEMM.
    ///
    /// Shapes: `self [batch, height, width, inChannels]`, `kernel [kh, kw, inChannels, outChannels]`
    /// → `[batch, outHeight, outWidth, outChannels]`; per axis, `.valid` gives
    /// `(n − d(k−1) − 1)/s + 1` and `.same` gives `ceil(n / s)`.
    ///
    /// - Precondition: rank-4 operands with matching channels, strides and dilation ≥ 1.
    /// References: Keras `layers.Conv2D`.
    public func conv2d(
        _ kernel: Tensor, strides: (Int, Int) = (1, 1), dilation: (Int, Int) = (1, 1),
        padding: ConvPadding = .valid
    ) -> Tensor {
        precondition(
            rank == 4 && kernel.rank == 4 && kernel.shape[2] == shape[3] && shape[3] > 0,
            "conv2d: input \(shape) vs kernel \(kernel.shape)")
        precondition(
            strides.0 >= 1 && strides.1 >= 1 && dilation.0 >= 1 && dilation.1 >= 1,
            "conv2d: strides \(strides), dilation \(dilation)")
        let g = Tensor.conv2dGeometry(input: shape, kernel: kernel.shape, strides: strides, dilation: dilation, padding: padding)
        return Tensor.conv2dRecorded(input: self, kernel: kernel, geometry: g, transposed: false)
    }

    /// Transposed 2-D convolution (Keras `Conv2DTranspose` without bias): the gradient of
    /// `conv2d` (with the same kernel, strides, dilation and padding) with respect to its input,
    /// used to upsample.
    ///
    /// Shapes: `self [batch, h, w, inChannels]`, `kernel [kh, kw, outChannels, inChannels]`
    /// (Keras layout) → `[batch, outH, outW, outChannels]` with `outH = h·s` for `.same` and
    /// `h·s + max(k' − s, 0)` for `.valid`, where `k' = d(kh − 1) + 1` is the dilated kernel
    /// extent (Keras `deconv_output_length`); likewise for the width.
    ///
    /// - Precondition: rank-4 operands with matching channels, strides and dilation ≥ 1.
    /// References: Keras `layers.Conv2DTranspose`; Dumoulin & Visin, "A guide to convolution
    /// arithmetic for deep learning" (2016).
    public func conv2dTranspose(
        _ kernel: Tensor, strides: (Int, Int) = (1, 1), dilation: (Int, Int) = (1, 1), padding: ConvPadding = .valid
    ) -> Tensor {
        precondition(
            rank == 4 && kernel.rank == 4 && kernel.shape[3] == shape[3] && kernel.shape[2] > 0,
            "conv2dTranspose: input \(shape) vs kernel \(kernel.shape)")
        precondition(
            strides.0 >= 1 && strides.1 >= 1 && dilation.0 >= 1 && dilation.1 >= 1,
            "conv2dTranspose: strides \(strides), dilation \(dilation)")
        precondition(padding != .causal, "conv2dTranspose: causal padding is only defined for conv1d")
        let outShape = [
            shape[0],
            Tensor.conv2dTransposeLength(shape[1], kernel: kernel.shape[0], stride: strides.0, dilation: dilation.0, padding: padding),
            Tensor.conv2dTransposeLength(shape[2], kernel: kernel.shape[1], stride: strides.1, dilation: dilation.1, padding: padding),
            kernel.shape[2],
        ]
        // The forward conv maps outShape -> self.shape; this op is its input gradient.
        let g = Tensor.conv2dGeometry(input: outShape, kernel: kernel.shape, strides: strides, dilation: dilation, padding: padding)
        precondition(g.oh == shape[1] && g.ow == shape[2], "conv2dTranspose: input \(shape) vs kernel \(kernel.shape)")
        return Tensor.conv2dRecorded(input: self, kernel: kernel, geometry: g, transposed: true)
    }

    /// Output length of a transposed convolution along one axis (Keras `deconv_output_length`
    /// without output padding): `n·s` for `.same`, `n·s + max(d(k − 1) + 1 − s, 0)` for `.valid`.
    static func conv2dTransposeLength(_ n: Int, kernel k: Int, stride s: Int, dilation d: Int, padding: ConvPadding) -> Int {
        padding == .same ? n * s : n * s + Swift.max(d * (k - 1) + 1 - s, 0)
    }

    /// Forward conv (`transposed == false`: input is the conv input) or its adjoint
    /// (`transposed == true`: input lives in the conv's output space), with pullbacks built from
    /// the same three kernels.
    private static func conv2dRecorded(input: Tensor, kernel: Tensor, geometry g: ck_conv2d_geom, transposed: Bool) -> Tensor {
        let inShape = [g.b, g.h, g.w, g.cin], outShape = [g.b, g.oh, g.ow, g.cout], wShape = kernel.shape
        func forward(_ src: Tensor, _ w: Tensor) -> Tensor {
            let cols = workspace(g)
            return build(outShape) { ck_conv2d_forward(g, src.ptr, w.ptr, $0, cols.storage.base) }
        }
        func adjoint(_ src: Tensor, _ w: Tensor) -> Tensor {
            let cols = workspace(g)
            return build(inShape) { ck_conv2d_backward_input(g, src.ptr, w.ptr, $0, cols.storage.base) }
        }
        // dW = im2col(conv input)ᵀ · (conv output gradient)
        func kernelGrad(convInput: Tensor, outputGrad: Tensor) -> Tensor {
            let cols = workspace(g)
            return build(wShape) { ck_conv2d_backward_kernel(g, convInput.ptr, outputGrad.ptr, $0, cols.storage.base) }
        }
        let y = transposed ? adjoint(input, kernel) : forward(input, kernel)
        guard recording(input, kernel) else { return y }
        // The input gradient needs the kernel, the kernel gradient the input: keep only those.
        let x: Tensor? = kernel.isTracked ? input.detached() : nil, w: Tensor? = input.isTracked ? kernel.detached() : nil
        return y.recorded(input, kernel) { gy in
            if transposed {
                return (w.map { forward(gy, $0) }, x.map { kernelGrad(convInput: gy, outputGrad: $0) })
            }
            return (w.map { adjoint(gy, $0) }, x.map { kernelGrad(convInput: $0, outputGrad: gy) })
        }
    }
}
