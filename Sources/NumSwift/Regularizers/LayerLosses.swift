import Foundation

// MARK: - Losses added by layers during the forward pass

/// The losses of one forward pass, gathered on the thread that runs it.
final class LossScope {
    var losses: [Tensor] = []
    /// Named scalars reported with `Layer.addMetric` during the pass, in order (a name may repeat).
    var metrics: [(name: String, value: Float)] = []
}

/// Per-thread innermost `LossScope` (thread-local, like `GradMode`, so parallel work on other
/// threads, e.g. concurrent tests, does not mix its losses in).
enum LossScopes {
    static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    static var current: LossScope? {
        guard let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<LossScope>.fromOpaque(p).takeUnretainedValue()
    }

    static func set(_ s: LossScope?) {
        pthread_setspecific(key, s.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
    }
}

/// Runs `body` and returns what it returned together with every loss that layers added during it
/// (`Layer.addLoss` inside `call`, activity regularisers), in the order they were added. `fit`,
/// `evaluate` and `Model.computeLoss` run the forward pass inside such a scope; a hand-written loop
/// that calls layers eagerly can do the same. Scopes nest: an inner scope's losses do not reach the
/// outer one.
///
/// Example: `let (y, extra) = collectingLosses { model([x], training: true) }`.
/// References: Keras `layer.losses` / `self.add_loss`.
public func collectingLosses<R>(_ body: () throws -> R) rethrows -> (R, [Tensor]) {
    let (r, scope) = try collectingLayerTerms(body)
    return (r, scope.losses)
}

/// `collectingLosses` that also returns the named metrics layers reported (the whole scope).
func collectingLayerTerms<R>(_ body: () throws -> R) rethrows -> (R, LossScope) {
    let scope = LossScope()
    let outer = LossScopes.current
    LossScopes.set(scope)
    defer { LossScopes.set(outer) }
    let r = try withExtendedLifetime(scope) { try body() }
    return (r, scope)
}

extension Layer {
    /// Whether a forward pass that collects layer losses is running on this thread (so a layer can
    /// skip computing a term nobody reads).
    public var isCollectingLosses: Bool { LossScopes.current != nil }

    /// Reports a scalar computed inside `call` (e.g. a regulariser's value) as a metric of `fit`
    /// and `evaluate` under `name` (tf.keras `Layer.add_metric`): it appears in the progress bar and
    /// `History` as its epoch mean. Values several layers report under one name in the same pass
    /// are summed. It does not change the objective (use `addLoss` for that). Outside a collecting
    /// pass it is dropped.
    ///
    /// - Parameters: value: a scalar (its value is read; no gradient); name: the log key.
    public func addMetric(_ value: Tensor, name: String) {
        guard let scope = LossScopes.current else { return }
        scope.metrics.append((name, value.count == 1 ? value.scalar : withNoGrad { value.sum().scalar }))
    }

    /// Adds a term to the training objective from inside `call` (Keras `self.add_loss`): e.g. a
    /// penalty on an intermediate activation, or a loss computed in the forward pass. The tensor is
    /// summed to a scalar (Keras sums added losses). It is collected through nested layers and
    /// models into `fit`'s objective and its `loss` log, in training and in `evaluate`. Outside such
    /// a pass (plain inference) nothing reads it and it is dropped.
    ///
    /// - Parameter loss: a tensor built with differentiable ops from the layer's inputs or weights.
    /// References: Keras `Layer.add_loss`; Su, kexue.fm/archives/6311 §1.1 (losses without targets).
    public func addLoss(_ loss: Tensor) {
        guard let scope = LossScopes.current else { return }
        scope.losses.append(loss.count == 1 ? loss.reshape([]) : loss.sum())
    }

    /// Adds `activityRegularizer.penalty(output) / batch` for each output (Keras 3 adds it in
    /// `__call__`, divided by the batch size so the strength does not depend on it).
    func addActivityLosses(_ outputs: [Tensor]) {
        guard let r = activityRegularizer, LossScopes.current != nil else { return }
        for o in outputs {
            let p = r.penalty(o)
            addLoss(o.rank > 0 && o.shape[0] > 0 ? p * (1 / Float(o.shape[0])) : p)
        }
    }

    /// The weight-regulariser penalties of this layer and its sub-layers, for trainable weights
    /// (Keras `_get_regularization_losses`), each on the weight as the layer reads it.
    public var regularizationLosses: [Tensor] {
        var out: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ l: Layer) {
            guard seen.insert(ObjectIdentifier(l)).inserted else { return }
            for (v, r) in l.regularizers where v.trainable { out.append(r.penalty(v.read)) }
            for s in l.sublayers { visit(s) }
        }
        visit(self)
        return out
    }
}

extension Layer {
    /// Whether this layer or one inside it contributes loss terms of its own: `addLoss` in `call`
    /// (`addsLossesInCall`), an activity regulariser, or a weight regulariser.
    var contributesLosses: Bool {
        var seen = Set<ObjectIdentifier>()
        func visit(_ l: Layer) -> Bool {
            guard seen.insert(ObjectIdentifier(l)).inserted else { return false }
            if l.addsLossesInCall || l.activityRegularizer != nil || !l.regularizers.isEmpty { return true }
            return l.sublayers.contains { visit($0) }
        }
        return visit(self)
    }
}
