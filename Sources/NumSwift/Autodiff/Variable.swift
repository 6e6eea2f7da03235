/// A mutable tensor shared by reference between layers, optimisers and the tape.
///
/// Read it with `read` inside a differentiable computation; `backward()` then accumulates the
/// gradient into `grad`. Optimisers assign `value` (outside the tape).
///
/// ```swift
/// let w = Variable(Tensor.zeros([3, 2]), name: "kernel")
/// let loss = x.matmul(w.read).sum()
/// loss.backward()      // w.grad has shape [3, 2]
/// ```
public final class Variable {
    /// The current value; assigning drops any tape history of the new value.
    ///
    /// In-place mutation (`Tensor.adamUpdate(parameter: &v.value, ...)`, `v.value.addScaled(...)`)
    /// works on the stored buffer directly: no copy while nothing else shares it.
    public var value: Tensor {
        get { stored }
        set {
            stored = newValue
            stored.node = nil
        }
        // A yielding accessor instead of `didSet`: observers would force inout access through
        // a temporary copy, which shares the buffer and makes every in-place update copy it.
        _modify {
            defer { stored.node = nil }  // also when the access is aborted by a throw
            yield &stored
        }
    }
    private var stored: Tensor
    /// A name for printing and checkpoints.
    public var name: String
    /// Whether the variable is recorded on the tape, so that `backward()` fills `grad` (and
    /// optimisers update it). A non-trainable variable is a constant to autodiff.
    public var trainable: Bool
    /// Accumulated gradient of the last `backward()` calls; `nil` until one reaches this variable.
    public var grad: Tensor?
    /// Learning-rate multiplier of this variable alone (bert4keras `lr_multiplier`), multiplied with
    /// those of the layers that own it; 0 freezes the variable in the optimiser.
    public var lrMultiplier: Float = 1
    /// Re-scaling graft (Su's `SetLearningRate`): when set, `read` returns `value · readScale`,
    /// so layers compute with θ = λ′φ while the optimiser updates the stored φ.
    public var readScale: Float?
    /// The layer that created this variable with `addWeight` (nil for free variables).
    public internal(set) weak var layer: Layer?

    /// Creates a variable holding `value` (detached from any tape).
    public init(_ value: Tensor, name: String = "", trainable: Bool = true) {
        self.stored = value.detached()
        self.name = name
        self.trainable = trainable
    }

    /// The value as a tape leaf tied to this variable.
    ///
    /// A non-trainable variable, or any variable under `withNoGrad`, reads as a plain constant,
    /// so no gradient work is spent on it (frozen layers cost no weight-gradient GEMMs).
    public var read: Tensor {
        let leaf =
            trainable && GradMode.noGradDepth == 0
            ? Tensor(storage: value.storage, shape: value.shape, node: TapeNode(leafFor: self)) : value
        guard let s = readScale else { return leaf }
        return leaf * s
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }
}

extension Variable: Hashable, CustomStringConvertible {
    /// Identity: two references are equal when they are the same variable.
    public static func == (lhs: Variable, rhs: Variable) -> Bool { lhs === rhs }

    /// Hashes the identity, so variables can key optimiser state.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// Name, shape and whether it is trainable.
    public var description: String { "Variable(\(name.isEmpty ? "unnamed" : name), shape: \(shape)\(trainable ? "" : ", frozen"))" }
}
