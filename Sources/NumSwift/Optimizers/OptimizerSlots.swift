// MARK: - Optimizer state for checkpoints

/// An optimiser whose per-variable state (moments, velocities) can be read and restored, so that
/// training resumed from a checkpoint continues exactly (`BackupAndRestore`). The built-in rules
/// conform; a custom rule with slots conforms by exposing them under names of its choice.
public protocol OptimizerSlots: Optimizer {
    /// The rule's slots: slot name → variable → tensor (of the variable's shape). Setting it
    /// replaces every slot.
    var slots: [String: [Variable: Tensor]] { get set }
}

extension Adam: OptimizerSlots {
    /// `m` and `v`: the first and second moments.
    public var slots: [String: [Variable: Tensor]] {
        get { ["m": moments.mapValues(\.0), "v": moments.mapValues(\.1)] }
        set {
            let m = newValue["m"] ?? [:], v = newValue["v"] ?? [:]
            moments = m.reduce(into: [:]) { out, e in
                if let s = v[e.key] { out[e.key] = (e.value, s) }
            }
        }
    }
}

extension SGD: OptimizerSlots {
    /// `velocity` (momentum > 0 only).
    public var slots: [String: [Variable: Tensor]] {
        get { ["velocity": velocity] }
        set { velocity = newValue["velocity"] ?? [:] }
    }
}

extension RMSprop: OptimizerSlots {
    /// `squares`: the running mean of squared gradients.
    public var slots: [String: [Variable: Tensor]] {
        get { ["squares": squares] }
        set { squares = newValue["squares"] ?? [:] }
    }
}

extension Optimizer {
    /// The whole state `fit` changes: the rule's slots (`OptimizerSlots`), the gradient
    /// accumulators (under `accumulated`), the call count and the learning rate.
    /// - Throws: `NumSwiftError.invalidArgument` for a rule with slots that does not conform to
    ///   `OptimizerSlots` (its state could not be restored).
    func checkpointState() throws -> (slots: [String: [Variable: Tensor]], calls: Int, learningRate: Float) {
        var slots: [String: [Variable: Tensor]]
        if let s = self as? any OptimizerSlots {
            slots = s.slots
        } else if type(of: self) == Optimizer.self {
            slots = [:]
        } else {
            throw NumSwiftError.invalidArgument(
                name: "optimizer", value: "\(type(of: self))",
                expected: "an optimiser whose state can be saved: conform it to OptimizerSlots")
        }
        slots["accumulated"] = accumulated
        return (slots, calls, learningRate)
    }

    /// Restores what `checkpointState` returned.
    func restoreCheckpointState(slots: [String: [Variable: Tensor]], calls: Int, learningRate: Float) {
        var rule = slots
        accumulated = rule.removeValue(forKey: "accumulated") ?? [:]
        if let s = self as? any OptimizerSlots { s.slots = rule }
        self.calls = calls
        self.learningRate = learningRate
    }
}
