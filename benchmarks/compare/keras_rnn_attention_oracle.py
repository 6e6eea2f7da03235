#!/usr/bin/env python3
"""Keras 3 (JAX backend) reference values for Tests/NumSwiftTests/RecurrentAttentionKerasTests.swift.

Writes Tests/NumSwiftTests/Fixtures/keras_rnn_attention.json: for each case the inputs, the mask,
the weights (closed-form pattern 0.5 * sin(0.37 * i + k), as keras_oracle.py), a probe tensor,
the layer output, and the gradients of sum(output * probe) with respect to every weight and to the
input, computed by jax.grad through the layer's stateless_call. Cases:

  gru_seq          GRU(4, return_sequences=True), masked (Keras zero_output_for_mask=False)
  gru_last         GRU(4, reset_after=False), last state, masked
  bigru            Bidirectional(GRU(4)), final states concatenated, masked
  bigru_seq        Bidirectional(GRU(3, return_sequences=True)), masked (zero outputs at padding)
  lstm_last        LSTM(3), last state, masked
  attention        MultiHeadAttention(num_heads=2, key_dim=3, use_bias=False, output_shape=6) on
                   (x, x) with the key mask as attention_mask, output projection fixed to the identity
                   (so it is Su's attention without projection); the identity's gradient is dropped.

    benchmarks/compare/.venv/bin/python benchmarks/compare/keras_rnn_attention_oracle.py
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


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).reshape(-1)]


def run(name, layer, x, mask, call):
    layer.build(x.shape) if not layer.built else None
    weights = []
    for k, v in enumerate(layer.trainable_variables):
        p = pattern(tuple(v.shape), k + 1)
        if "attention_output" in v.path:
            p = np.eye(int(np.prod(v.shape[:-1])), dtype=np.float32).reshape(v.shape)
        v.assign(p)
        weights.append(p)
    tv = [v.value for v in layer.trainable_variables]
    ntv = [v.value for v in layer.non_trainable_variables]
    out0 = call(layer, tv, ntv, x)
    probe = pattern(out0.shape, 0.5)

    def loss(tv, x):
        return jnp.sum(call(layer, tv, ntv, x) * probe)

    gw, gx = jax.grad(loss, argnums=(0, 1))(tv, x)
    case = {
        "x_shape": list(x.shape), "x": flat(x), "mask": flat(mask),
        "weights": [{"path": v.path, "shape": list(v.shape), "values": flat(w)} for v, w in zip(layer.trainable_variables, weights)],
        "output_shape": list(out0.shape), "output": flat(out0), "probe": flat(probe),
        "weight_grads": [flat(g) for g in gw], "x_grad": flat(gx),
    }
    print(name, out0.shape, [tuple(v.shape) for v in layer.trainable_variables])
    return case


def rnn_call(layer, tv, ntv, x):
    out, _ = layer.stateless_call(tv, ntv, x, mask=MASK_BOOL)
    return out


x = pattern((2, 5, 3), 0.3) * 2
MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=np.float32)
MASK_BOOL = jnp.asarray(MASK > 0)
cases = {}
cases["gru_seq"] = run("gru_seq", keras.layers.GRU(4, return_sequences=True), x, MASK, rnn_call)
cases["gru_last"] = run("gru_last", keras.layers.GRU(4, reset_after=False), x, MASK, rnn_call)
cases["bigru"] = run("bigru", keras.layers.Bidirectional(keras.layers.GRU(4)), x, MASK, rnn_call)
cases["bigru_seq"] = run("bigru_seq", keras.layers.Bidirectional(keras.layers.GRU(3, return_sequences=True)), x, MASK, rnn_call)
cases["lstm_last"] = run("lstm_last", keras.layers.LSTM(3), x, MASK, rnn_call)

xa = pattern((2, 4, 5), 0.7) * 2
MASK_A = np.array([[1, 1, 1, 1], [1, 1, 0, 0]], dtype=np.float32)
ATT_MASK = jnp.asarray(np.broadcast_to(MASK_A[:, None, :], (2, 4, 4)) > 0)


def att_call(layer, tv, ntv, x):
    out, _ = layer.stateless_call(tv, ntv, x, x, attention_mask=ATT_MASK)
    return out


mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, use_bias=False, output_shape=6)
mha.build(xa.shape, xa.shape)
cases["attention"] = run("attention", mha, xa, MASK_A, att_call)

out = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "NumSwiftTests", "Fixtures", "keras_rnn_attention.json")
with open(out, "w") as f:
    json.dump({"origin": "benchmarks/compare/keras_rnn_attention_oracle.py, Keras " + keras.__version__ + ", JAX " + jax.__version__,
               "cases": cases}, f)
print("wrote", os.path.normpath(out), os.path.getsize(out), "bytes")
