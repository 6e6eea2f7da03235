import CKernels.Tensor

// MARK: - Reverse sweep

/// Nodes reachable from `root`, parents before children (reverse post-order of an iterative DFS).
private func topologicalOrder(from root: TapeNode) -> [TapeNode] {
    var order: [TapeNode] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(TapeNode, Int)] = [(root, 0)]
    visited.insert(ObjectIdentifier(root))
    while !stack.isEmpty {
        let (node, next) = stack[stack.count - 1]
        if next < node.inputCount {
            stack[stack.count - 1].1 = next + 1
            if let child = node.input(next), visited.insert(ObjectIdentifier(child)).inserted {
                stack.append((child, 0))
            }
        } else {
            order.append(node)
            stack.removeLast()
        }
    }
    return order  // inputs come before the nodes that use them
}

/// Adds `g` into `slot`, in place when the slot's buffer is not shared.
func accumulateGradient(_ slot: inout Tensor?, _ g: Tensor) {
    guard var acc = slot else {
        slot = g.detached()
        return
    }
    slot = nil
    precondition(acc.shape == g.shape, "gradient accumulation: \(acc.shape) vs \(g.shape)")
    acc.makeUnique()
    acc.node = nil
    ck_binary(Int32(CK_ADD), acc.ptr, g.ptr, acc.storage.base, acc.count)
    slot = acc
}

/// Runs the pullbacks from `root` (seeded with `seed`) in reverse topological order.
/// `visit` sees every node with its complete gradient before the node's pullback runs. Without
/// `retainGraph`, each pullback is dropped once used, which frees the activations it captured
/// and leaves parameters unshared for in-place optimiser updates.
func runBackward(from root: TapeNode, seed: Tensor, retainGraph: Bool, visit: (TapeNode, Tensor) -> Void) {
    let order = topologicalOrder(from: root)
    root.grad = seed.detached()
    // Without recording: pullbacks use differentiable ops but must not build a second tape.
    withNoGrad {
        for node in order.reversed() {
            guard let g = node.grad else { continue }
            node.grad = nil
            precondition(
                !node.released,
                "backward: this graph was released by an earlier sweep with retainGraph: false; pass retainGraph: true to differentiate it again")
            visit(node, g)
            switch node.pullback {
            case let .unary(pullback)?:
                if let input = node.input0 { accumulateGradient(&input.grad, pullback(g)) }
            case let .binary(pullback)?:
                let (ga, gb) = pullback(g)
                if let input = node.input0, let ga { accumulateGradient(&input.grad, ga) }
                if let input = node.input1, let gb { accumulateGradient(&input.grad, gb) }
            case let .nary(pullback)?:
                for (input, gi) in zip(node.rest, pullback(g)) {
                    if let input, let gi { accumulateGradient(&input.grad, gi) }
                }
            case nil:
                break
            }
            if !retainGraph { node.release() }
        }
    }
}

// MARK: - Public entry points

extension Tensor {
    /// Back-propagates from this scalar with seed 1 and accumulates gradients into the
    /// `grad` of every trainable `Variable` it depends on.
    ///
    /// - Parameter retainGraph: keep the pullbacks so the graph can be differentiated again
    ///   (default). Pass `false` in training loops: the graph's captured values are freed as
    ///   the sweep goes, and optimiser updates can then modify parameters in place.
    /// - Precondition: the tensor has exactly one element.
    public func backward(retainGraph: Bool = true) {
        precondition(count == 1, "backward: needs a scalar (one element), got shape \(shape); use backward(seed:)")
        backward(seed: Tensor.ones(shape), retainGraph: retainGraph)
    }

    /// Back-propagates the vector-Jacobian product with `seed` (same shape as this tensor) and
    /// accumulates gradients into trainable variables' `grad`.
    public func backward(seed: Tensor, retainGraph: Bool = true) {
        precondition(seed.shape == shape, "backward: seed shape \(seed.shape) vs tensor shape \(shape)")
        guard let root = node else { return }
        runBackward(from: root, seed: seed, retainGraph: retainGraph) { node, g in
            if let v = node.variable { accumulateGradient(&v.grad, g) }
        }
    }
}

/// Gradients of `loss` (a scalar) with respect to `variables`, in order; zeros for a variable
/// that `loss` does not depend on, and for non-trainable variables (constants on the tape).
/// Does not touch `Variable.grad`. With `retainGraph: false` the graph is freed during the
/// sweep (see `Tensor.backward(retainGraph:)`).
public func gradients(of loss: Tensor, wrt variables: [Variable], retainGraph: Bool = true) -> [Tensor] {
    precondition(loss.count == 1, "gradients(of:wrt:): loss must be a scalar, got shape \(loss.shape)")
    var slots = [Tensor?](repeating: nil, count: variables.count)
    if let root = loss.node {
        var index: [ObjectIdentifier: Int] = [:]
        for (i, v) in variables.enumerated() { index[ObjectIdentifier(v)] = i }
        runBackward(from: root, seed: Tensor.ones(loss.shape), retainGraph: retainGraph) { node, g in
            if let v = node.variable, let i = index[ObjectIdentifier(v)] { accumulateGradient(&slots[i], g) }
        }
    }
    return zip(slots, variables).map { $0 ?? Tensor.zeros($1.shape) }
}

/// Gradients of `loss` (a scalar) with respect to tensors that carry tape nodes (results of
/// differentiable ops, `Variable.read`, or `trackingGradients()`); zeros where `loss` does not
/// depend on one. With `retainGraph: false` the graph is freed during the sweep.
public func gradients(of loss: Tensor, wrt tensors: [Tensor], retainGraph: Bool = true) -> [Tensor] {
    precondition(loss.count == 1, "gradients(of:wrt:): loss must be a scalar, got shape \(loss.shape)")
    var slots = [Tensor?](repeating: nil, count: tensors.count)
    if let root = loss.node {
        var index: [ObjectIdentifier: [Int]] = [:]
        for (i, t) in tensors.enumerated() {
            precondition(t.node != nil, "gradients(of:wrt:): tensor \(i) of shape \(t.shape) is not on the tape")
            index[ObjectIdentifier(t.node!), default: []].append(i)
        }
        runBackward(from: root, seed: Tensor.ones(loss.shape), retainGraph: retainGraph) { node, g in
            for i in index[ObjectIdentifier(node)] ?? [] { slots[i] = g }
        }
    }
    return zip(slots, tensors).map { $0 ?? Tensor.zeros($1.shape) }
}
