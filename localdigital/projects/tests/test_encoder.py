"""The sentence encoder: the model's own files, unpadded texts, and vectors that follow meaning."""

import numpy as np
import pytest

from localdigital.projects.similarity import encoder as encoding
from localdigital.projects.similarity import quantise


def test_texts_are_encoded_without_padding():
    ids = encoding.encoder().tokenizer.encode("Report a missed bin").ids

    assert encoding.PAD_ID not in ids
    assert len(ids) == 6  # the four words, with the start and end markers


def test_texts_about_the_same_problem_are_closest():
    model = encoding.encoder()
    bins = model.encode("Report a missed bin collection")
    refuse = model.encode("My rubbish was not collected this week")
    parking = model.encode("Apply for a resident parking permit")

    assert np.linalg.norm(bins) == pytest.approx(1, abs=1e-5)
    assert bins @ refuse > bins @ parking + 0.2


def test_weights_that_do_not_match_their_checksum_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMILARITY_MODEL_DIR", str(tmp_path))
    monkeypatch.setattr(encoding, "WEIGHTS_SHA256", "0" * 64)

    with pytest.raises(RuntimeError, match="SHA-256"):
        encoding.unpack()

    assert list((tmp_path / encoding.MODEL_NAME).iterdir()) == []


def test_a_text_is_encoded_once_while_it_is_remembered(monkeypatch):
    calls = []
    model = encoding.encoder()
    original = model.encode
    monkeypatch.setattr(model, "encode", lambda text: calls.append(text) or original(text))
    encoding.embed.cache_clear()

    first = encoding.embed("Report a missed bin collection")
    again = encoding.embed("Report a missed bin collection")

    assert calls == ["Report a missed bin collection"]
    assert again is first and not first.flags.writeable


@pytest.fixture(scope="module")
def float_model():
    folder = encoding.unpack()
    return quantise.load_weights(folder), encoding.load_tokenizer(folder)


TEXTS = [
    "Report a missed bin collection",
    "Education, health and care plans: a portal for families to follow their child's assessment",
    "Sensors count how many people walk along the high street, so that we can plan events and "
    "see how busy the town centre is across the week.",
]


def test_the_graph_computes_what_the_model_does(float_model):
    import onnxruntime

    weights, tokenizer = float_model
    ranges = quantise.input_ranges(weights, tokenizer, TEXTS[:1])
    split = {name: np.flatnonzero(values >= quantise.OUTLIER) for name, values in ranges.items()}
    assert 0 < sum(map(len, split.values())) < sum(map(len, ranges.values())) / 100

    model, products = quantise.graph(weights, ranges)
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])

    assert len(products) == 4 * encoding.LAYERS
    for text in TEXTS:
        ids = np.array(tokenizer.encode(text).ids)
        expected = quantise.forward(weights, ids)
        inputs = {
            "ids": ids,
            "positions": encoding.positions(len(ids)),
            "buckets": encoding.buckets(len(ids)),
        }
        (pooled,) = session.run(None, inputs)
        assert np.allclose(pooled, expected, atol=2e-3), text


def test_the_int8_model_keeps_close_to_the_float_one(float_model):
    weights, tokenizer = float_model
    for text in TEXTS:
        expected = quantise.forward(weights, np.array(tokenizer.encode(text).ids))

        assert encoding.encoder().encode(text) @ (expected / np.linalg.norm(expected)) > 0.99, text
