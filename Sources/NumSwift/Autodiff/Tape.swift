import Foundation

/// How a node maps its output gradient to input gradients. One- and two-input ops (nearly all)
/// store their closure directly, without an array of results.
enum Pullback {
    case unary((Tensor) -> Tensor)
    case binary((Tensor) -> (Tensor?, Tensor?))
    case nary((Tensor) -> [Tensor?])
}

/// One recorded op on the define-by-run tape: up to two input nodes inline (more in `rest`) and
/// the pullback that maps the gradient of the op's output to the gradients of its inputs
/// (`nil` where an input needs none).
///
/// A leaf node has no pullback; a leaf created by `Variable.read` points at its variable.
final class TapeNode {
    private(set) var input0: TapeNode?
    private(set) var input1: TapeNode?
    private(set) var rest: [TapeNode?]
    private(set) var pullback: Pullback?
    let variable: Variable?
    /// Set when a `retainGraph: false` sweep consumed this node's pullback.
    private(set) var released = false
    /// Gradient accumulated during one backward sweep; cleared as soon as it is consumed.
    var grad: Tensor?

    init(_ a: TapeNode?, pullback: @escaping (Tensor) -> Tensor) {
        (input0, input1, rest, variable) = (a, nil, [], nil)
        self.pullback = .unary(pullback)
    }

    init(_ a: TapeNode?, _ b: TapeNode?, pullback: @escaping (Tensor) -> (Tensor?, Tensor?)) {
        (input0, input1, rest, variable) = (a, b, [], nil)
        self.pullback = .binary(pullback)
    }

    init(inputs: [TapeNode?], pullback: @escaping (Tensor) -> [Tensor?]) {
        (input0, input1, rest, variable) = (nil, nil, inputs, nil)
        self.pullback = .nary(pullback)
    }

    init(leafFor variable: Variable?) {
        (input0, input1, rest, self.variable) = (nil, nil, [], variable)
        self.pullback = nil
    }

    /// Drops the pullback and the input links (freeing the values the pullback captured).
    func release() {
        guard pullback != nil else { return }
        pullback = nil
        input0 = nil
        input1 = nil
        rest = []
        released = true
    }

    /// Number of input slots.
    var inputCount: Int {
        switch pullback {
        case .unary?: return 1
        case .binary?: return 2
        case .nary?: return rest.count
        case nil: return 0
        }
    }

    /// Input slot `i`.
    func input(_ i: Int) -> TapeNode? {
        switch pullback {
        case .nary?: return rest[i]
        default: return i == 0 ? input0 : input1
        }
    }
}

// MARK: - Recording mode

/// Per-thread depth of nested `withNoGrad` calls (0 = recording). Thread-local so that concurrent
/// work on other threads (e.g. parallel tests) is unaffected.
enum GradMode {
    static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    static var noGradDepth: Int {
        get { Int(bitPattern: pthread_getspecific(key)) }
        set { pthread_setspecific(key, UnsafeRawPointer(bitPattern: newValue)) }
    }
}

/// Whether differentiable ops on this thread currently record tape nodes.
public var isGradRecordingEnabled: Bool { GradMode.noGradDepth == 0 }

/// Runs `body` without recording any tape nodes on this thread (inference, optimiser updates).
///
/// Tensors created inside carry no gradient history. Calls nest.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    GradMode.noGradDepth += 1
    defer { GradMode.noGradDepth -= 1 }
    return try body()
}

extension Tensor {
    /// Whether an op on `a` must record a node.
    static func recording(_ a: Tensor) -> Bool {
        a.node != nil && GradMode.noGradDepth == 0
    }

    /// Whether an op on `a` and `b` must record a node.
    static func recording(_ a: Tensor, _ b: Tensor) -> Bool {
        (a.node != nil || b.node != nil) && GradMode.noGradDepth == 0
    }

    /// Whether an op on `inputs` must record a node.
    static func recording(_ inputs: [Tensor]) -> Bool {
        GradMode.noGradDepth == 0 && inputs.contains { $0.node != nil }
    }

    /// Attaches a tape node with one input. `pullback` maps the output gradient to the input's.
    func recorded(_ a: Tensor, _ pullback: @escaping (Tensor) -> Tensor) -> Tensor {
        var out = self
        out.node = TapeNode(a.node, pullback: pullback)
        return out
    }

    /// Attaches a tape node with two inputs; the pullback returns `nil` for an input that needs
    /// no gradient (check `a.isTracked` / `b.isTracked` before computing it).
    func recorded(_ a: Tensor, _ b: Tensor, _ pullback: @escaping (Tensor) -> (Tensor?, Tensor?)) -> Tensor {
        var out = self
        out.node = TapeNode(a.node, b.node, pullback: pullback)
        return out
    }

    /// Attaches a tape node with any number of inputs.
    func recorded(_ inputs: [Tensor], _ pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        var out = self
        out.node = TapeNode(inputs: inputs.map(\.node), pullback: pullback)
        return out
    }

    /// This tensor without gradient history (stop-gradient): the value is shared, not copied.
    public func detached() -> Tensor {
        Tensor(storage: storage, shape: shape)
    }

    /// A copy of this tensor that is a new leaf of the tape, so `gradients(of:wrt:)` can be
    /// asked for the gradient with respect to it.
    public func trackingGradients() -> Tensor {
        Tensor(storage: storage, shape: shape, node: TapeNode(leafFor: nil))
    }

    /// An op whose forward value the caller computed and whose pullback the caller supplies
    /// (straight-through estimators, gradient clipping, gradient reversal).
    ///
    /// - Parameters:
    ///   - value: the forward result (any tape history on it is dropped).
    ///   - inputs: the tensors the gradient flows to.
    ///   - pullback: maps the gradient of `value` to one gradient per input, each of that
    ///     input's shape.
    /// - Returns: `value` recorded on the tape as a function of `inputs`.
    ///
    /// ```swift
    /// // straight-through rounding
    /// let r = Tensor.customGradient(value: x.rounded(), inputs: [x]) { g in [g] }
    /// ```
    public static func customGradient(value: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor]) -> Tensor {
        let v = value.detached()
        guard recording(inputs) else { return v }
        let shapes = inputs.map(\.shape)
        return v.recorded(inputs) { g in
            let grads = pullback(g)
            precondition(
                grads.count == shapes.count,
                "customGradient: pullback returned \(grads.count) gradients for \(shapes.count) inputs")
            for (gr, s) in zip(grads, shapes) {
                precondition(gr.shape == s, "customGradient: gradient shape \(gr.shape) vs input shape \(s)")
            }
            return grads
        }
    }
}
