#!/usr/bin/env python3
"""Reference values from Keras 3 (JAX backend) for Tests/NumSwiftTests/KerasOracleTests.swift.

Each case builds a small Keras model, overwrites every weight with a closed-form pattern
(`pattern(n, k)[i] = 0.5 * sin(0.37 * i + k)`, the same formula the Swift test uses), feeds
closed-form inputs, runs a few `train_on_batch` steps and records the per-step losses/metrics and
the final weights (and, where relevant, inference outputs). The script prints them as Swift
literals, which are pasted into the test. Re-run after changing a case:

    benchmarks/compare/.venv/bin/python benchmarks/compare/keras_oracle.py > /tmp/oracle.swift
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import keras  # noqa: E402


def pattern(shape, k):
    n = int(np.prod(shape))
    return (0.5 * np.sin(0.37 * np.arange(n, dtype=np.float64) + k)).astype(np.float32).reshape(shape)


def set_pattern(model):
    """Weight k gets pattern(shape, k + 1); moving variances get 1 + pattern (kept positive)."""
    values = []
    for k, v in enumerate(model.weights):
        p = pattern(tuple(v.shape), k + 1)
        values.append(p + 1 if v.name.endswith("moving_variance") else p)
    model.set_weights(values)


def fmt(values):
    flat = np.asarray(values, dtype=np.float64).ravel()
    return "[" + ", ".join(f"{v:.8g}" for v in flat) + "]"


def emit(name, steps, weights, extra=None):
    """Prints one case as a Swift `static let` (separately typed literals keep type-checking fast)."""
    print(f"    static let {name}: Oracle = {{")
    print("        var steps: [[String: Float]] = []")
    for st in steps:
        print("        steps.append([" + ", ".join(f'"{k}": {v:.8g}' for k, v in sorted(st.items())) + "])")
    print("        var weights: [[Float]] = []")
    for i, w in enumerate(weights):
        print(f"        let w{i}: [Float] = {fmt(w)}")
        print(f"        weights.append(w{i})")
    print("        let extra: [Float] = " + (fmt(extra) if extra is not None else "[]"))
    print("        return Oracle(steps: steps, weights: weights, extra: extra)")
    print("    }()")


def run(model, x, y, steps=3):
    out = []
    for _ in range(steps):
        logs = model.train_on_batch(x, y, return_dict=True)
        out.append({k: float(v) for k, v in logs.items()})
    return out


def mlp(optimizer, loss, out_act="softmax", metrics=("accuracy",)):
    x_in = keras.Input(shape=(4,))
    h = keras.layers.Dense(5, activation="relu")(x_in)
    y = keras.layers.Dense(3, activation=out_act)(h)
    m = keras.Model(x_in, y)
    m.compile(optimizer=optimizer, loss=loss, metrics=list(metrics))
    set_pattern(m)
    return m


def main():
    x = pattern((6, 4), 0.3) * 2
    labels = np.array([0, 2, 1, 1, 0, 2])
    y = keras.utils.to_categorical(labels, 3)

    m = mlp(keras.optimizers.Adam(1e-2), "categorical_crossentropy")
    emit("adamCategorical", run(m, x, y), m.get_weights())

    m = mlp(keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True, clipnorm=0.5), "categorical_crossentropy")
    emit("sgdNesterovClipnorm", run(m, x, y), m.get_weights())

    m = mlp(keras.optimizers.RMSprop(1e-2, clipvalue=0.1), keras.losses.SparseCategoricalCrossentropy(),
            metrics=["sparse_categorical_accuracy"])
    emit("rmspropSparseClipvalue", run(m, x, labels), m.get_weights())

    m = mlp(keras.optimizers.AdamW(1e-2, weight_decay=0.1), keras.losses.CategoricalCrossentropy(from_logits=True),
            out_act="linear", metrics=())
    emit("adamwLogits", run(m, x, y), m.get_weights())

    yb = (pattern((6, 3), 2.0) > 0).astype(np.float32)
    m = mlp(keras.optimizers.SGD(0.2), keras.losses.BinaryCrossentropy(), out_act="sigmoid", metrics=("binary_accuracy",))
    emit("sgdBinary", run(m, x, yb), m.get_weights())

    yr = pattern((6, 3), 1.5)
    m = mlp(keras.optimizers.Adam(1e-2), "mse", out_act="linear", metrics=("mae",))
    emit("adamMSE", run(m, x, yr), m.get_weights())

    # Dense -> BatchNormalization -> Dense: moving statistics after training, inference output.
    x_in = keras.Input(shape=(4,))
    h = keras.layers.Dense(5)(x_in)
    h = keras.layers.BatchNormalization(momentum=0.9)(h)
    out = keras.layers.Dense(3)(h)
    m = keras.Model(x_in, out)
    m.compile(optimizer=keras.optimizers.SGD(0.1), loss="mae")
    set_pattern(m)
    steps = run(m, x, yr)
    emit("batchNormMAE", steps, m.get_weights(), m.predict(x, verbose=0))

    # Conv1D (causal, dilation 2) -> LayerNormalization -> Flatten -> Dense on [6, 7, 3] sequences.
    xs = pattern((6, 7, 3), 0.7)
    x_in = keras.Input(shape=(7, 3))
    h = keras.layers.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="tanh")(x_in)
    h = keras.layers.LayerNormalization()(h)
    h = keras.layers.Conv1D(2, 2, strides=2, padding="same")(h)
    h = keras.layers.Flatten()(h)
    out = keras.layers.Dense(3, activation="softmax")(h)
    m = keras.Model(x_in, out)
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy", metrics=["accuracy"])
    set_pattern(m)
    steps = run(m, xs, y)
    emit("convLayerNorm", steps, m.get_weights(), m.predict(xs, verbose=0))

    # Embedding -> Flatten -> Dense, ids in 0..<9.
    ids = (np.arange(6 * 5).reshape(6, 5) * 7 % 9).astype(np.int32)
    x_in = keras.Input(shape=(5,), dtype="int32")
    h = keras.layers.Embedding(9, 2)(x_in)
    h = keras.layers.Flatten()(h)
    out = keras.layers.Dense(3, activation="softmax")(h)
    m = keras.Model(x_in, out)
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy", metrics=["accuracy"])
    set_pattern(m)
    emit("embedding", run(m, ids, y), m.get_weights())

    m = mlp(keras.optimizers.SGD(0.1, momentum=0.5), keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            out_act="linear", metrics=("sparse_categorical_accuracy",))
    emit("sgdMomentumSparseLogits", run(m, x, labels), m.get_weights())

    m = mlp(keras.optimizers.Adam(1e-2), keras.losses.BinaryCrossentropy(from_logits=True), out_act="linear", metrics=())
    emit("adamBinaryLogits", run(m, x, yb), m.get_weights())

    # Two inputs through Concatenate, Add, Multiply, Reshape, Flatten.
    x2 = pattern((6, 4), 1.1)
    a_in, b_in = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    da = keras.layers.Dense(3, activation="tanh")(a_in)
    db = keras.layers.Dense(3, activation="tanh")(b_in)
    cat = keras.layers.Concatenate()([da, db])
    add = keras.layers.Add()([da, db])
    mul = keras.layers.Multiply()([da, db])
    h = keras.layers.Concatenate()([add, mul, cat])
    h = keras.layers.Flatten()(keras.layers.Reshape((3, 4))(h))
    m = keras.Model([a_in, b_in], keras.layers.Dense(3, activation="softmax")(h))
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy", metrics=["accuracy"])
    set_pattern(m)
    emit("mergeLayersTwoInputs", run(m, [x, x2], y), m.get_weights(), m.predict([x, x2], verbose=0))

    # Embedding(mask_zero) -> Dense (mask propagates) -> per-step sparse CE and accuracy on [6, 5] labels.
    ids_m = ids.copy()
    ids_m[:, 3:] = 0
    ids_m[0, 1:] = 0
    ids_m[2, 0] = 0
    step_labels = (np.arange(30).reshape(6, 5) * 5 % 3).astype(np.int32)
    x_in = keras.Input(shape=(5,), dtype="int32")
    h = keras.layers.Embedding(9, 4, mask_zero=True)(x_in)
    out = keras.layers.Dense(3, activation="softmax")(h)
    m = keras.Model(x_in, out)
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    set_pattern(m)
    # Keras 3 (JAX) applies the mask to metrics in evaluate but not in train_on_batch (there the
    # accuracy counts padded steps too); NumSwift masks both, so the oracle keeps the evaluate
    # metric and only the training losses.
    ev = m.evaluate(ids_m, step_labels, verbose=0, return_dict=True)
    emit("maskedSequenceEvaluate", [ev], [])
    steps = [{"loss": st["loss"]} for st in run(m, ids_m, step_labels)]
    emit("maskedSequence", steps, m.get_weights(), ids_m)

    # A model used as a layer inside another model, and a Sequential stack with a valid strided Conv1D.
    a_in = keras.Input(shape=(4,))
    inner = keras.Model(a_in, keras.layers.Dense(5, activation="relu")(a_in))
    x_in = keras.Input(shape=(4,))
    m = keras.Model(x_in, keras.layers.Dense(3, activation="softmax")(inner(x_in)))
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy", metrics=["accuracy"])
    set_pattern(m)
    emit("nestedModel", run(m, x, y), m.get_weights())

    seq = keras.Sequential([keras.Input(shape=(7, 3)),
                            keras.layers.Conv1D(3, 2, strides=2, padding="valid", activation="relu"),
                            keras.layers.Flatten(), keras.layers.Dropout(0.0),
                            keras.layers.Dense(3, activation="softmax")])
    seq.compile(optimizer=keras.optimizers.RMSprop(1e-2), loss="categorical_crossentropy", metrics=["accuracy"])
    set_pattern(seq)
    emit("sequentialConvValid", run(seq, xs, y), seq.get_weights(), seq.predict(xs, verbose=0))

    # BatchNormalization over batch and time of a sequence (rank 3), then a causal Conv1D.
    x_in = keras.Input(shape=(7, 3))
    # No bias before the normalisation: its gradient is zero up to rounding, which Adam would
    # amplify into noise-driven steps of size lr on both sides.
    h = keras.layers.Conv1D(4, 2, padding="same", use_bias=False)(x_in)
    h = keras.layers.BatchNormalization(momentum=0.8)(h)
    h = keras.layers.Conv1D(2, 3, padding="causal", activation="relu")(h)
    out = keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(h))
    m = keras.Model(x_in, out)
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy", metrics=["accuracy"])
    set_pattern(m)
    emit("sequenceBatchNorm", run(m, xs, y), m.get_weights(), m.predict(xs, verbose=0))

    # fit over several batches without shuffling: epoch logs are batch-size weighted means, and the
    # validation logs come from the last 25% of the data (validation_split).
    x8 = pattern((8, 4), 0.9) * 2
    y8 = keras.utils.to_categorical(np.array([1, 0, 2, 2, 1, 0, 1, 2]), 3)
    m = mlp(keras.optimizers.Adam(1e-2), "categorical_crossentropy")
    h = m.fit(x8, y8, batch_size=4, epochs=3, shuffle=False, validation_split=0.25, verbose=0).history
    epochs = [{k: v[i] for k, v in h.items()} for i in range(3)]
    ev = m.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    emit("fitValidationSplit", epochs, m.get_weights(), [ev["loss"], ev["accuracy"]])

    # Per-example sample weights in fit (batches of 4 and 2).
    sw = np.array([1.0, 0.5, 2.0, 0.0, 1.5, 1.0], dtype=np.float32)
    m = mlp(keras.optimizers.SGD(0.1), "categorical_crossentropy")
    h = m.fit(x, y, batch_size=4, epochs=2, shuffle=False, sample_weight=sw, verbose=0).history
    emit("fitSampleWeight", [{k: v[i] for k, v in h.items()} for i in range(2)], m.get_weights())

    # The same with the accuracy in weighted_metrics: then the sample weights apply to it too.
    x_in = keras.Input(shape=(4,))
    hid = keras.layers.Dense(5, activation="relu")(x_in)
    m = keras.Model(x_in, keras.layers.Dense(3, activation="softmax")(hid))
    m.compile(optimizer=keras.optimizers.SGD(0.1), loss="categorical_crossentropy", weighted_metrics=["accuracy"])
    set_pattern(m)
    h = m.fit(x, y, batch_size=4, epochs=2, shuffle=False, sample_weight=sw, verbose=0).history
    emit("fitWeightedMetrics", [{k: v[i] for k, v in h.items()} for i in range(2)], m.get_weights())

    # class_weight: per-example loss weights looked up from the one-hot targets.
    m = mlp(keras.optimizers.SGD(0.1), "categorical_crossentropy")
    h = m.fit(x, y, batch_size=4, epochs=2, shuffle=False, class_weight={0: 1.0, 1: 2.0, 2: 0.5}, verbose=0).history
    emit("fitClassWeight", [{k: v[i] for k, v in h.items()} for i in range(2)], m.get_weights())

    # Two outputs with loss weights: softmax + categorical CE (weight 1), linear + MSE (weight 0.5).
    x_in = keras.Input(shape=(4,))
    h = keras.layers.Dense(5, activation="relu")(x_in)
    o1 = keras.layers.Dense(3, activation="softmax")(h)
    o2 = keras.layers.Dense(2)(h)
    m = keras.Model(x_in, [o1, o2])
    m.compile(optimizer=keras.optimizers.Adam(1e-2), loss=["categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5])
    set_pattern(m)
    y2 = pattern((6, 2), 2.5)
    steps = []
    for _ in range(3):
        logs = m.train_on_batch(x, [y, y2], return_dict=True)
        steps.append({"loss": float(logs["loss"])})
    emit("twoOutputsLossWeights", steps, m.get_weights())


if __name__ == "__main__":
    main()
