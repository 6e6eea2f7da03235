import Testing
import NumSwift

/// The README's Tensor example, compiled and run as written.
@Suite struct ReadmeExampleTests {
    @Test func readmeTensorExampleRunsAndFillsTheGradient() {
        var rng = RandomGenerator(seed: 42)
        let w = Variable(Tensor.randomNormal([784, 10], std: 0.01, generator: &rng), name: "w")
        let x = Tensor.randomUniform([128, 784], generator: &rng)
        let labels = Tensor(shape: [128], scalars: (0..<128).map { Float($0 % 10) })
        let loss = Tensor.sparseSoftmaxCrossEntropy(logits: x.matmul(w.read), labels: labels).mean()
        loss.backward()
        #expect(w.grad?.shape == [784, 10])
        // Ten balanced classes and near-zero logits: the loss starts near ln 10.
        #expect(abs(loss.scalar - 2.3026) < 0.05)
    }
}
