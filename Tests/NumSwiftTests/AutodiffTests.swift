import Testing
@testable import NumSwift

@Suite struct AutodiffTests {
    @Test func gradientsAccumulateWhenATensorIsUsedTwice() {
        let x = Tensor([1, -2, 3]).trackingGradients()
        let y = (x * x + x).sum()  // dy/dx = 2x + 1
        let g = gradients(of: y, wrt: [x])[0]
        #expect(g.scalars == [3, -3, 7])
    }

    @Test func backwardFillsAndAccumulatesVariableGradients() {
        let w = Variable(Tensor([2, 3]), name: "w")
        let loss = (w.read * w.read).sum() + w.read.sum()  // 2w + 1, read three times
        loss.backward()
        #expect(w.grad?.scalars == [5, 7])
        loss.backward()
        #expect(w.grad?.scalars == [10, 14])
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test func nonTrainableVariablesAreConstantsOnTheTape() {
        let frozen = Variable(Tensor([1, 2]), trainable: false)
        let w = Variable(Tensor([5, 7]))
        let loss = (frozen.read * w.read).sum()
        #expect(!frozen.read.isTracked)
        loss.backward()
        #expect(frozen.grad == nil)
        #expect(w.grad?.scalars == [1, 2])
        let g = gradients(of: loss, wrt: [frozen, w])
        #expect(g[0].scalars == [0, 0])
        #expect(g[1].scalars == [1, 2])
    }

    @Test func gradientsAreZeroForUnusedVariables() {
        let a = Variable(Tensor([1, 2])), b = Variable(Tensor.ones([2, 2]))
        let g = gradients(of: a.read.sum(), wrt: [a, b])
        #expect(g[0].scalars == [1, 1])
        #expect(g[1] == Tensor.zeros([2, 2]))
        #expect(a.grad == nil)
    }

    @Test func noGradModeRecordsNothing() {
        let w = Variable(Tensor([1, 2]))
        #expect(isGradRecordingEnabled)
        let y = withNoGrad { () -> Tensor in
            #expect(!isGradRecordingEnabled)
            let nested = withNoGrad { isGradRecordingEnabled }
            #expect(!nested)
            return (w.read * 2).sum()
        }
        #expect(isGradRecordingEnabled)
        #expect(!y.isTracked)
        y.backward()
        #expect(w.grad == nil)
    }

    @Test func detachStopsTheGradient() {
        let x = Tensor([1, 2, 3]).trackingGradients()
        let y = (x * x.detached()).sum()  // gradient only through the first factor
        #expect(gradients(of: y, wrt: [x])[0].scalars == [1, 2, 3])
    }

    @Test func customGradientStraightThroughEstimator() {
        let x = Tensor([0.2, 0.7, -1.4]).trackingGradients()
        let rounded = Tensor.customGradient(value: x.rounded(), inputs: [x]) { g in [g] }
        #expect(rounded.scalars == [0, 1, -1])
        let g = gradients(of: (rounded * Tensor([1, 2, 3])).sum(), wrt: [x])[0]
        #expect(g.scalars == [1, 2, 3])
    }

    @Test func backwardWithSeedIsAVectorJacobianProduct() {
        let w = Variable(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        let x = Tensor(shape: [1, 2], scalars: [5, 6])
        let y = x.matmul(w.read)  // [1, 2]
        y.backward(seed: Tensor(shape: [1, 2], scalars: [1, -1]))
        // dW = xᵀ seed
        #expect(w.grad?.scalars == [5, -5, 6, -6])
    }

    @Test func gradientsWithRespectToIntermediateTensors() {
        let x = Tensor([1, 2]).trackingGradients()
        let h = x * 3
        let y = (h * h).sum()
        let g = gradients(of: y, wrt: [h, x])
        #expect(g[0].scalars == [6, 12])
        #expect(g[1].scalars == [18, 36])
    }

    @Test func assigningAVariableDropsTapeHistory() {
        let v = Variable(Tensor([1]))
        v.value = v.read * 2
        #expect(!v.value.isTracked)
        #expect(v.value.scalars == [2])
    }

    @Test func mutationThroughBufferPointerCopiesSharedStorage() {
        let a = Tensor([1, 2, 3])
        var b = a
        b.withUnsafeMutableBufferPointer { $0[0] = 9 }
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [9, 2, 3])
    }

    @Test func variablesAreHashableByIdentity() {
        let a = Variable(Tensor([1]), name: "a"), b = Variable(Tensor([1]), name: "a")
        var state: [Variable: Int] = [a: 1]
        state[b] = 2
        #expect(state.count == 2 && state[a] == 1)
        #expect(a.description == "Variable(a, shape: [1])")
    }

    @Test func releasingTheGraphGivesTheSameGradientsAndFreesParameters() {
        var rng = RandomGenerator(seed: 3)
        let w1 = Variable(Tensor.randomNormal([6, 5], generator: &rng)), w2 = Variable(Tensor.randomNormal([5, 3], generator: &rng))
        let x = Tensor.randomNormal([4, 6], generator: &rng)
        func loss() -> Tensor { x.matmul(w1.read).tanh().matmul(w2.read).squared().mean() }
        let kept = gradients(of: loss(), wrt: [w1, w2])
        let l = loss()
        let freed = gradients(of: l, wrt: [w1, w2], retainGraph: false)
        #expect(kept == freed)
        // The released graph no longer holds the weights: an in-place update does not copy.
        let before = w2.value.storage.base
        w2.value.addScaled(freed[1], alpha: -0.1)
        #expect(w2.value.storage.base == before)
        _ = l
    }

    @Test func differentiatingAReleasedGraphAgainStopsWithAMessage() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Variable(Tensor([1, 2]))
            let loss = (w.read * w.read).sum()
            loss.backward(retainGraph: false)
            loss.backward()
        }
        let stderr = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("released by an earlier sweep"))
    }
}
