"""Building the int8 model that the sentence encoder runs, once, from the published float32 weights.

all-mpnet-base-v2 in float32 takes about 110 ms a text on this machine's two cores, most of it in twelve
layers of matrix products. Here its forward pass is written out as an ONNX graph and ONNX Runtime's dynamic
quantisation turns every product with a weight matrix into one with 8-bit weights and activations, which
takes about 20 ms a text, with vectors within 0.99 cosine of the float32 ones.

One thing needs care. A few channels of some layers' inputs carry values dozens of times larger than the
rest (up to about 100 where the rest stay under 3). Scaling 8-bit activations to fit them would leave the
rest a handful of steps, and the vectors would drift far from the model's (cosine about 0.9). So each
product is split: the channels whose values reach `OUTLIER` on the calibration texts (council service
descriptions, calibration.txt) are multiplied in float32, the rest in int8, and the two added (the
decomposition of "LLM.int8()", Dettmers et al., 2022). They are a handful of the 768 or 3,072 channels.

`forward` is the float32 model in numpy: it finds those channels, and tests compare the graph with it.
"""

import logging
import math
import os
import tempfile
from pathlib import Path

import numpy as np

from localdigital.projects.similarity.encoder import (
    DIMENSIONS,
    HEADS,
    LAYERS,
    MODEL_FILE,
    MODEL_NAME,
    buckets,
    load_tokenizer,
    positions,
)

OUTLIER = 6.0  # an input channel whose magnitude reaches this on the calibration texts stays in float32
CALIBRATION = Path(__file__).with_name("calibration.txt")
HEAD = DIMENSIONS // HEADS
LINEARS = ("attention.attn.qkv", "attention.attn.o", "intermediate.dense", "output.dense")


def load_weights(folder: Path) -> dict[str, np.ndarray]:
    """The model's float32 weights by name; linear layers transposed, and query, key and value as one."""
    from safetensors.numpy import load_file

    w = {}
    for name, value in load_file(str(folder / "model.safetensors")).items():
        if name.startswith("pooler.") or name == "embeddings.position_ids":
            continue
        value = value.astype(np.float32)
        if (
            name.endswith(".weight")
            and value.ndim == 2
            and "embeddings" not in name
            and "relative" not in name
        ):
            value = np.ascontiguousarray(value.T)
        w[name] = value
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}.attention.attn."
        w[p + "qkv.weight"] = np.concatenate([w.pop(f"{p}{n}.weight") for n in "qkv"], axis=1)
        w[p + "qkv.bias"] = np.concatenate([w.pop(f"{p}{n}.bias") for n in "qkv"])
    return w


def forward(w: dict, ids: np.ndarray, observe=None) -> np.ndarray:
    """The float32 model: the mean of the last layer's outputs for token `ids` (not yet unit length).

    `observe(name, x)` is shown the input `x` of each linear layer `name`."""

    def linear(x, name):
        if observe:
            observe(name, x)
        return x @ w[name + ".weight"] + w[name + ".bias"]

    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions(n)]
    x = _layer_norm(x, w, "embeddings.LayerNorm")
    bias = w["encoder.relative_attention_bias.weight"][buckets(n)].transpose(2, 0, 1)  # heads, n, n
    scale = np.float32(1 / math.sqrt(HEAD))
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = linear(x, p + LINEARS[0]).reshape(n, 3, HEADS, HEAD).transpose(1, 2, 0, 3)
        attention = (q @ k.transpose(0, 2, 1)) * scale + bias
        attention = np.exp(attention - attention.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ v).transpose(1, 0, 2).reshape(n, DIMENSIONS)
        x = _layer_norm(x + linear(context, p + LINEARS[1]), w, p + "attention.LayerNorm")
        hidden = linear(_gelu(linear(x, p + LINEARS[2])), p + LINEARS[3])
        x = _layer_norm(x + hidden, w, p + "output.LayerNorm")
    return x.mean(axis=0)


def _layer_norm(x, w, name):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-5) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x):
    # The tanh approximation (numpy has no erf); the graph has the model's exact GELU. The two differ by
    # less than 0.001 in the pooled vector, which is what the graph's test allows.
    return 0.5 * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


def calibration_texts() -> list[str]:
    lines = CALIBRATION.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def input_ranges(w: dict, tokenizer, texts: list[str]) -> dict[str, np.ndarray]:
    """The largest magnitude each input channel of each linear layer reaches over `texts`."""
    ranges: dict[str, np.ndarray] = {}

    def observe(name, x):
        largest = np.abs(x).max(axis=0)
        ranges[name] = np.maximum(ranges[name], largest) if name in ranges else largest

    for text in texts:
        forward(w, np.array(tokenizer.encode(text).ids), observe)
    return ranges


def graph(w: dict, ranges: dict[str, np.ndarray]):
    """The model as an ONNX graph, float32, with each linear layer's outlier channels on their own.

    Inputs: token `ids`, their `positions` and the `buckets` of every pair; output: the `pooled` vector.
    Returns the graph and the names of the products to quantise."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list = []
    weights: list = []
    products: list[str] = []

    def constant(name, value):
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(kind, inputs, outputs=1, **attributes):
        name = f"{kind}_{len(nodes)}"
        names = [f"{name}_{i}" for i in range(outputs)]
        nodes.append(helper.make_node(kind, inputs, names, name=name, **attributes))
        return names[0] if outputs == 1 else names

    def linear(x, name):
        weight, bias = w[name + ".weight"], w[name + ".bias"]
        outliers = np.flatnonzero(ranges[name] >= OUTLIER)
        if len(outliers):
            keep = np.ones(len(weight), np.float32)
            keep[outliers] = 0
            apart = op("Gather", [x, constant(name + ".outliers", outliers.astype(np.int64))], axis=1)
            apart = op("MatMul", [apart, constant(name + ".outlier_weight", weight[outliers])])
            x, weight = op("Mul", [x, constant(name + ".keep", keep)]), weight * keep[:, None]
        product = op("MatMul", [x, constant(name + ".weight", weight)])
        products.append(nodes[-1].name)
        if len(outliers):
            product = op("Add", [product, apart])
        return op("Add", [product, constant(name + ".bias", bias)])

    def layer_norm(x, name):
        gain, bias = (constant(f"{name}.{part}", w[f"{name}.{part}"]) for part in ("weight", "bias"))
        return op("LayerNormalization", [x, gain, bias], axis=-1, epsilon=1e-5)

    heads = constant("heads", np.array([0, HEADS, HEAD], dtype=np.int64))
    flat = constant("flat", np.array([0, DIMENSIONS], dtype=np.int64))
    scale = constant("scale", np.array(1 / math.sqrt(HEAD), dtype=np.float32))
    words = op("Gather", [constant("words", w["embeddings.word_embeddings.weight"]), "ids"])
    places = op("Gather", [constant("places", w["embeddings.position_embeddings.weight"]), "positions"])
    x = layer_norm(op("Add", [words, places]), "embeddings.LayerNorm")
    bias = op("Gather", [constant("relative", w["encoder.relative_attention_bias.weight"]), "buckets"])
    bias = op("Transpose", [bias], perm=[2, 0, 1])  # heads, n, n
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (
            op("Reshape", [part, heads])
            for part in op("Split", [linear(x, p + LINEARS[0])], 3, axis=-1, num_outputs=3)
        )
        q, k, v = (
            op("Transpose", [q], perm=[1, 0, 2]),
            op("Transpose", [k], perm=[1, 2, 0]),
            op("Transpose", [v], perm=[1, 0, 2]),
        )
        attention = op("Softmax", [op("Add", [op("Mul", [op("MatMul", [q, k]), scale]), bias])], axis=-1)
        context = op("Reshape", [op("Transpose", [op("MatMul", [attention, v])], perm=[1, 0, 2]), flat])
        x = layer_norm(op("Add", [x, linear(context, p + LINEARS[1])]), p + "attention.LayerNorm")
        hidden = linear(op("Gelu", [linear(x, p + LINEARS[2])]), p + LINEARS[3])
        x = layer_norm(op("Add", [x, hidden]), p + "output.LayerNorm")
    nodes.append(
        helper.make_node(
            "ReduceMean", [x, constant("tokens", np.array([0], dtype=np.int64))], ["pooled"], keepdims=0
        )
    )
    model = helper.make_model(
        helper.make_graph(
            nodes,
            MODEL_NAME,
            [
                helper.make_tensor_value_info("ids", TensorProto.INT64, ["n"]),
                helper.make_tensor_value_info("positions", TensorProto.INT64, ["n"]),
                helper.make_tensor_value_info("buckets", TensorProto.INT64, ["n", "n"]),
            ],
            [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [DIMENSIONS])],
            weights,
        ),
        opset_imports=[helper.make_opsetid("", 20)],
        ir_version=10,  # what ONNX Runtime 1.31 reads
    )
    return model, products


def build(folder: Path, progress=None) -> Path:
    """Write `folder`'s int8 model from its float32 weights (about 20 s); return its path."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    say = progress or (lambda step: None)
    say("Reading the float32 weights")
    w = load_weights(folder)
    say(f"Calibrating on {CALIBRATION.name}")
    ranges = input_ranges(w, load_tokenizer(folder), calibration_texts())
    model, products = graph(w, ranges)
    say("Quantising to int8")
    with tempfile.TemporaryDirectory(dir=folder) as work:
        built = Path(work) / MODEL_FILE
        logging.disable(logging.WARNING)  # it advises a pre-processing step that does not apply here
        try:
            quantize_dynamic(
                model,
                built,
                op_types_to_quantize=["MatMul"],
                nodes_to_quantize=products,
                per_channel=True,
                weight_type=QuantType.QInt8,
            )
        finally:
            logging.disable(logging.NOTSET)
        os.replace(built, folder / MODEL_FILE)
    return folder / MODEL_FILE
