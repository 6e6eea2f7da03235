import Foundation

// MARK: - BackupAndRestore

/// Makes `fit` resumable (Keras 3 `callbacks.BackupAndRestore`): at the end of every epoch it
/// writes the training state to `directory/backup.safetensors` (atomically); when `fit` starts and
/// a backup is there, it restores that state and training continues with the next epoch. A run
/// interrupted after epoch k and resumed this way ends with weights bit-identical to a run that
/// was never interrupted, given the same model construction, data, `seed` and callbacks.
///
/// The state: every weight of the model (trainable and not), the optimiser's slots (moments,
/// velocities: `OptimizerSlots`), gradient accumulators, call count and learning rate, the
/// position of every random layer's generator (dropout masks, sampling noise) and the epoch.
/// Per-epoch shuffling depends only on `fit`'s `seed` and the epoch, so it needs no state.
/// Other callbacks' own state (e.g. `ReduceLROnPlateau`'s wait counter) is not saved.
///
/// With data-parallel `Model.replicas`, whose state is the same on every replica, only replica 0
/// writes and removes the backup; every replica restores from it (the folder must be shared).
///
/// The backup is removed when training ends normally (`deleteCheckpoint`, as Keras).
/// References: Keras 3 `keras.callbacks.BackupAndRestore`.
public final class BackupAndRestore: Callback {
    /// The folder holding `backup.safetensors`.
    public let directory: String
    /// Remove the backup when `fit` finishes (default true).
    public let deleteCheckpoint: Bool
    /// The epoch `fit` starts at after a restore (nil: no backup was found).
    public private(set) var restoredEpoch: Int?
    /// The backup file.
    public var path: String { (directory as NSString).appendingPathComponent("backup.safetensors") }

    /// - Parameters: directory: created if missing; deleteCheckpoint: remove the backup at the end.
    public init(directory: String, deleteCheckpoint: Bool = true) {
        self.directory = directory
        self.deleteCheckpoint = deleteCheckpoint
    }

    public override var initialEpoch: Int? { restoredEpoch }

    public override func onTrainBegin(logs: [String: Float]) throws {
        restoredEpoch = nil
        guard let model, FileManager.default.fileExists(atPath: path) else { return }
        restoredEpoch = try TrainingState.restore(model, from: path)
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let model, model.isReplicaRoot else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw NumSwiftError.io(path: directory, reason: "cannot create the backup folder (\(error.localizedDescription))")
        }
        try TrainingState.save(model, nextEpoch: epoch + 1, to: path)
    }

    public override func onTrainEnd(logs: [String: Float]) throws {
        if deleteCheckpoint, model?.isReplicaRoot ?? true { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// A layer whose forward pass draws random numbers from its own generator.
protocol RandomStateLayer: Layer {
    var generator: RandomGenerator { get set }
}

extension Dropout: RandomStateLayer {}
extension Sampling: RandomStateLayer {}
extension GumbelSoftmax: RandomStateLayer {}
extension DGCNNBlock: RandomStateLayer {}

/// Saving and restoring the state `fit` changes (see `BackupAndRestore`).
enum TrainingState {
    static let format = "numswift-training-state-1"

    /// The model's layers, depth first, each once.
    static func allLayers(_ model: Model) -> [Layer] {
        var seen = Set<ObjectIdentifier>(), out: [Layer] = []
        func visit(_ l: Layer) {
            guard seen.insert(ObjectIdentifier(l)).inserted else { return }
            out.append(l)
            l.sublayers.forEach(visit)
        }
        model.sublayers.forEach(visit)
        return out
    }

    /// Writes the state of `model` and its optimiser, and the epoch to resume at.
    /// - Throws: `NumSwiftError.notCompiled`, `.invalidArgument` (an optimiser whose state
    ///   cannot be saved), `.io`.
    static func save(_ model: Model, nextEpoch: Int, to path: String) throws {
        guard let optimizer = model.optimizer else { throw NumSwiftError.notCompiled(model: model.name, operation: "BackupAndRestore") }
        let weights = model.weights
        let index = Dictionary(uniqueKeysWithValues: weights.enumerated().map { (ObjectIdentifier($0.element), $0.offset) })
        var tensors: [String: (shape: [Int], scalars: [Float])] = [:]
        for (i, w) in weights.enumerated() { tensors["weight/\(i)"] = (w.shape, w.value.scalars) }
        let (slots, calls, lr) = try optimizer.checkpointState()
        for (slot, byVariable) in slots {
            for (v, t) in byVariable {
                guard let i = index[ObjectIdentifier(v)] else {
                    throw NumSwiftError.invalidArgument(
                        name: "optimizer slot", value: "\(slot) of \(v.name)", expected: "slots of the model's own weights only")
                }
                tensors["slot/\(slot)/\(i)"] = (t.shape, t.scalars)
            }
        }
        let rng = allLayers(model).compactMap { ($0 as? any RandomStateLayer)?.generator.offset }
        let metadata = [
            "format": format, "epoch": "\(nextEpoch)", "weights": "\(weights.count)", "calls": "\(calls)",
            "learningRate": "\(lr.bitPattern)", "rngOffsets": rng.map(String.init).joined(separator: ","),
        ]
        try Safetensors.write(tensors, to: path, metadata: metadata)
    }

    /// Restores what `save` wrote into `model`; returns the epoch to resume at.
    /// - Throws: `NumSwiftError.malformedFile` naming the file when it does not match the model
    ///   (another format, weight count or shape, random layers); `.io`.
    static func restore(_ model: Model, from path: String) throws -> Int {
        func bad(_ why: String) -> NumSwiftError { .malformedFile(path: path, reason: why + " (delete it to start over)") }
        guard let optimizer = model.optimizer else { throw NumSwiftError.notCompiled(model: model.name, operation: "BackupAndRestore") }
        let (tensors, meta) = try Safetensors.readWithMetadata(path: path)
        guard meta["format"] == format, let epoch = meta["epoch"].flatMap({ Int($0) }), epoch >= 0,
            let calls = meta["calls"].flatMap({ Int($0) }), calls >= 0,
            let lrBits = meta["learningRate"].flatMap({ UInt32($0) }), let count = meta["weights"].flatMap({ Int($0) })
        else { throw bad("not a training-state backup of this version (metadata \(meta.keys.sorted()))") }
        let weights = model.weights
        guard count == weights.count else { throw bad("\(count) weights saved, the model has \(weights.count)") }
        let randomLayers = allLayers(model).compactMap { $0 as? any RandomStateLayer }
        let offsets = (meta["rngOffsets"] ?? "").split(separator: ",").compactMap { UInt64($0) }
        guard offsets.count == randomLayers.count else {
            throw bad("\(offsets.count) random layers saved, the model has \(randomLayers.count)")
        }
        func tensor(_ key: String, like v: Variable) throws -> Tensor {
            guard let t = tensors[key] else { throw bad("no \(key)") }
            guard t.shape == v.shape, t.scalars.count == v.value.count else {
                throw bad("\(key) has shape \(t.shape), expected \(v.shape) (\(v.name))")
            }
            return Tensor(shape: t.shape, scalars: t.scalars)
        }
        let restored = try weights.enumerated().map { try tensor("weight/\($0.offset)", like: $0.element) }
        var slots: [String: [Variable: Tensor]] = [:]
        for key in tensors.keys where key.hasPrefix("slot/") {
            let parts = key.split(separator: "/")
            guard parts.count == 3, let i = Int(parts[2]), weights.indices.contains(i) else { throw bad("bad slot entry \(key)") }
            slots[String(parts[1]), default: [:]][weights[i]] = try tensor(key, like: weights[i])
        }
        // Nothing is changed until everything was read and checked.
        for (w, t) in zip(weights, restored) { w.value = t }
        optimizer.restoreCheckpointState(slots: slots, calls: calls, learningRate: Float(bitPattern: lrBits))
        for (layer, offset) in zip(randomLayers, offsets) {
            layer.generator = RandomGenerator(seed: layer.generator.seed, stream: layer.generator.stream, offset: offset)
        }
        return epoch
    }
}
