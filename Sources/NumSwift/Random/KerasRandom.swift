import Foundation

// MARK: - Global seed

/// Process-wide random state used by initialisers and dropout when no generator is given
/// (Keras `utils.set_random_seed`).
public enum KerasRandom {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var generator = RandomGenerator(seed: 1337)

    /// Reseeds initialisers and dropout so model construction and training are reproducible.
    public static func setSeed(_ seed: UInt64) {
        lock.lock(); defer { lock.unlock() }
        generator = RandomGenerator(seed: seed)
    }

    /// A fresh independent generator split off the scoped one (see `withSeed`) or the global one.
    public static func next() -> RandomGenerator {
        if let box = scoped {
            box.lock.lock(); defer { box.lock.unlock() }
            return box.generator.split()
        }
        lock.lock(); defer { lock.unlock() }
        return generator.split()
    }

    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var generator: RandomGenerator
        init(_ g: RandomGenerator) { generator = g }
    }
    @TaskLocal static var scoped: Box?

    /// Runs `body` with initialisers and dropout drawing from a generator seeded with `seed`,
    /// private to this task (concurrent tasks and tests cannot perturb it). The same seed gives
    /// the same draws as `setSeed(seed)` followed by the same construction.
    public static func withSeed<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
        try $scoped.withValue(Box(RandomGenerator(seed: seed))) { try body() }
    }
}
