#!/usr/bin/env python3
"""Properties of Keras 3's `Orthogonal` initializer, for Tests/NumSwiftTests/OrthogonalInitializerTests.swift.

The two libraries draw different random numbers, so the values cannot match; what must match is
the structure Keras guarantees: the kernel, flattened to [prod(shape[:-1]), shape[-1]], has
orthonormal columns scaled by `gain` when it is tall (W^T W = gain^2 I) and orthonormal rows when
it is wide (W W^T = gain^2 I), so ||W||_F^2 = gain^2 * min(rows, cols). For every case the script
prints one Swift tuple literal:

    (shape, gain, columnsOrthonormal, rowsOrthonormal, frobeniusSquared)

Re-run after changing a case:

    benchmarks/compare/.venv/bin/python benchmarks/compare/keras_orthogonal_oracle.py
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import keras  # noqa: E402

CASES = [
    ((20, 8), 1.0),  # Dense kernel, tall
    ((8, 20), 1.0),  # Dense kernel, wide (k > d)
    ((784, 100), 1.0),  # the MNIST MLP's first kernel
    ((3, 3, 4, 8), 1.5),  # Conv2D kernel, reshaped to (36, 8)
    ((3, 2, 5), 2.0),  # Conv1D kernel, reshaped to (6, 5)
    ((2, 3, 16), 1.0),  # Conv1D kernel, reshaped to (6, 16): wide
    ((5, 5), 0.5),  # square
]


def main():
    print(f"// keras {keras.__version__}, backend {keras.backend.backend()}")
    for shape, gain in CASES:
        w = np.asarray(keras.initializers.Orthogonal(gain=gain, seed=3)(shape), dtype=np.float64)
        m = w.reshape(-1, shape[-1])
        g2 = gain * gain
        cols = np.abs(m.T @ m - g2 * np.eye(m.shape[1])).max() < 1e-5 * max(1.0, g2)
        rows = np.abs(m @ m.T - g2 * np.eye(m.shape[0])).max() < 1e-5 * max(1.0, g2)
        fro = float((m * m).sum())
        dims = ", ".join(str(d) for d in shape)
        print(f"([{dims}], {gain}, {str(cols).lower()}, {str(rows).lower()}, {fro:.4f}),")


if __name__ == "__main__":
    main()
