#!/usr/bin/env python3
"""Reference values from Keras 3 (JAX backend) for the 1-D pooling layers, read by
Tests/NumSwiftTests/PoolingTests.swift from data/keras/pooling1d.json.

Each case applies one Keras pooling layer to x = pattern([2, L, 3], 1) (the closed-form pattern
of keras_oracle.py: 0.5 * sin(0.37 * i + k)), optionally with a mask, and records the output and
the gradient of sum(y * pattern(y.shape, 2)) with respect to x (jax.grad through the layer).
Re-run after changing a case:

    benchmarks/compare/.venv/bin/python benchmarks/compare/keras_pooling.py > data/keras/pooling1d.json
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402


def pattern(shape, k):
    n = int(np.prod(shape))
    return (0.5 * np.sin(0.37 * np.arange(n, dtype=np.float64) + k)).astype(np.float32).reshape(shape)


L = keras.layers
CASES = [
    # name, layer config (mirrored in the Swift test), steps, mask
    ("global_average", lambda: L.GlobalAveragePooling1D(), 5, None),
    ("global_average_masked", lambda: L.GlobalAveragePooling1D(), 5, [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]),
    ("global_average_masked_keepdims", lambda: L.GlobalAveragePooling1D(keepdims=True), 5, [[1, 0, 1, 0, 1], [0, 1, 1, 1, 0]]),
    ("global_max", lambda: L.GlobalMaxPooling1D(), 5, None),
    ("global_max_masked", lambda: L.GlobalMaxPooling1D(), 5, [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]),
    ("max_p2", lambda: L.MaxPooling1D(pool_size=2), 7, None),
    ("max_p3_s2_same", lambda: L.MaxPooling1D(pool_size=3, strides=2, padding="same"), 7, None),
    ("max_p2_s1_same", lambda: L.MaxPooling1D(pool_size=2, strides=1, padding="same"), 6, None),
    ("max_p3_s2_valid", lambda: L.MaxPooling1D(pool_size=3, strides=2), 8, None),
    ("average_p2", lambda: L.AveragePooling1D(pool_size=2), 7, None),
    ("average_p3_s2_same", lambda: L.AveragePooling1D(pool_size=3, strides=2, padding="same"), 7, None),
    ("average_p4_s1_same", lambda: L.AveragePooling1D(pool_size=4, strides=1, padding="same"), 6, None),
    ("average_p3_s2_valid", lambda: L.AveragePooling1D(pool_size=3, strides=2), 8, None),
]


def main():
    out = []
    for name, make, steps, mask in CASES:
        layer = make()
        x = pattern((2, steps, 3), 1)
        m = None if mask is None else np.array(mask, dtype=bool)

        # Only layers whose `call` takes a mask receive one in a Keras graph; GlobalMaxPooling1D's
        # does not, so a mask reaching it is ignored (recorded here as the unmasked call).
        takes_mask = "mask" in layer.call.__code__.co_varnames

        def f(xx):
            return layer(xx, mask=m) if m is not None and takes_mask else layer(xx)

        y = np.asarray(f(jnp.asarray(x)))
        w = pattern(y.shape, 2)
        g = np.asarray(jax.grad(lambda xx: jnp.sum(f(xx) * w))(jnp.asarray(x)))
        out.append({
            "name": name, "steps": steps,
            "mask": None if mask is None else [float(v) for row in mask for v in row],
            "y_shape": list(y.shape), "y": [float(v) for v in y.ravel()],
            "grad": [float(v) for v in g.ravel()],
        })
    print(json.dumps({"keras": keras.__version__, "jax": jax.__version__, "cases": out}, indent=1))


if __name__ == "__main__":
    main()
