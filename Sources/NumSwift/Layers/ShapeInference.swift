// MARK: - Shape arithmetic for computeOutputShape

/// The broadcast of per-example shapes (right-aligned, 1 stretches; `nil` = unknown), as for
/// elementwise merges (`Add`, `Multiply`).
/// - Precondition: known dimensions agree or are 1.
func broadcastShapes(_ shapes: [[Int?]], _ op: String) -> [Int?] {
    let rank = shapes.map(\.count).max() ?? 0
    var out = [Int?](repeating: 1, count: rank)
    for s in shapes {
        let padded = [Int?](repeating: 1, count: rank - s.count) + s
        for i in 0..<rank {
            switch (out[i], padded[i]) {
            case (1, let b): out[i] = b
            case (_, 1): break
            case (nil, let b): out[i] = b
            case (_, nil): break
            case (let a?, let b?): precondition(a == b, "\(op): shapes \(shapes) do not broadcast")
            }
        }
    }
    return out
}

/// Output length of a 1-D window sweep (convolution or pooling) over `length` steps, `nil` when
/// the length is unknown.
func slidingOutputLength(_ length: Int?, width: Int, stride: Int, dilation: Int = 1, padding: ConvPadding) -> Int? {
    length.map { Tensor.conv1dGeometry(length: $0, width: width, stride: stride, dilation: dilation, padding: padding).outLength }
}
