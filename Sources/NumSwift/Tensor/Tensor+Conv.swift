import CKernels.Tensor

/// How a convolution pads its input (Keras names).
public enum ConvPadding: String, Sendable {
    /// No padding: only positions where the whole kernel fits.
    case valid
    /// Zero padding so that `outLength = ceil(length / stride)`; the extra zero goes to the end.
    case same
    /// Zero padding on the left only, so output t sees inputs up to t (stride 1).
    case causal
}

extension Tensor {
    /// Output length and left padding of a 1-D convolution, with preconditions naming the shapes.
    static func conv1dGeometry(
        length: Int, width: Int, stride: Int, dilation: Int,
        padding: ConvPadding
    ) -> (outLength: Int, padLeft: Int) {
        let span = dilation * (width - 1) + 1
        switch padding {
        case .valid:
            return (length >= span ? (length - span) / stride + 1 : 0, 0)
        case .same:
            let out = (length + stride - 1) / stride
            let total = Swift.max((out - 1) * stride + span - length, 0)
            return (out, total / 2)
        case .causal:
            return (length, span - 1)
        }
    }

    /// 1-D convolution (cross-correlation, Keras `Conv1D` without bias) over the middle axis,
    /// with dilation and stride, computed as strided GEMMs (no im2col copy).
    ///
    /// Shapes: `self [batch, length, inChannels]`, `kernel [width, inChannels, outChannels]`
    /// → `[batch, outLength, outChannels]`, with `outLength` = `(length − dilation·(width−1) − 1)
    /// / stride + 1` for `.valid`, `ceil(length / stride)` for `.same`, `length` for `.causal`.
    ///
    /// - Precondition: rank-3 input and kernel with matching channels; stride, dilation ≥ 1;
    ///   `.causal` needs stride 1.
    /// References: Keras `layers.Conv1D`; Yu & Koltun, "Multi-scale context aggregation by
    /// dilated convolutions" (2016).
    public func conv1d(_ kernel: Tensor, stride: Int = 1, dilation: Int = 1, padding: ConvPadding = .valid) -> Tensor {
        precondition(
            rank == 3 && kernel.rank == 3 && kernel.shape[1] == shape[2],
            "conv1d: input \(shape) vs kernel \(kernel.shape)")
        precondition(
            stride >= 1 && dilation >= 1 && kernel.shape[0] >= 1,
            "conv1d: stride \(stride), dilation \(dilation), kernel \(kernel.shape)")
        precondition(padding != .causal || stride == 1, "conv1d: causal padding needs stride 1, got \(stride)")
        let (b, len, cin) = (shape[0], shape[1], shape[2])
        let (width, cout) = (kernel.shape[0], kernel.shape[2])
        let (outLen, padLeft) = Tensor.conv1dGeometry(
            length: len, width: width, stride: stride,
            dilation: dilation, padding: padding)
        let y = Tensor.build([b, outLen, cout]) {
            ck_conv1d_forward(b, len, cin, cout, width, stride, dilation, padLeft, outLen, ptr, kernel.ptr, $0)
        }
        guard Tensor.recording(self, kernel) else { return y }
        // The input gradient needs the kernel, the kernel gradient the input: keep only those.
        let (xShape, wShape) = (shape, kernel.shape)
        let x: Tensor? = kernel.isTracked ? detached() : nil, w: Tensor? = isTracked ? kernel.detached() : nil
        return y.recorded(self, kernel) { g in
            let dx = w.map { w in
                Tensor.build(xShape) {
                    ck_conv1d_backward_input(b, len, cin, cout, width, stride, dilation, padLeft, outLen, g.ptr, w.ptr, $0)
                }
            }
            let dw = x.map { x in
                Tensor.build(wShape) {
                    ck_conv1d_backward_kernel(b, len, cin, cout, width, stride, dilation, padLeft, outLen, x.ptr, g.ptr, $0)
                }
            }
            return (dx, dw)
        }
    }
}
