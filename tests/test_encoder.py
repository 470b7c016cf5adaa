"""The ONNX encoder: exported once into the index, faithful to the model, and free of torch at serving time."""

import json
import os
import subprocess
import sys

import numpy as np

from qa.embed import get_embedder
from qa.engine import Engine
from qa.evaluate import DEFAULT_SET, load_questions

QUESTIONS = [q["question"] for q in load_questions(DEFAULT_SET)]


def test_index_names_its_int8_export(index_dir, engine):
    encoder = engine.manifest["encoder"]
    assert encoder["backend"] == "onnx-int8" and encoder["path"].startswith("models/")
    folder = index_dir / encoder["path"]
    record = json.loads((folder / "encoder.json").read_text())
    assert record["quantization"] == "int8" and record["pooling"] == "mean" and record["max_seq_length"] == 256
    assert (folder / "model-int8.onnx").stat().st_size > 1_000_000 and (folder / "tokenizer.json").exists()


def test_onnx_vectors_agree_with_the_torch_model(engine):
    texts = QUESTIONS[:40] + [c.embed_text() for c in engine.data.chunks[:40]]
    onnx = engine.embedder.encode(texts)
    torch = get_embedder(engine.manifest["model"]).encode(texts)
    cosine = (onnx * torch).sum(axis=1)
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-4)
    assert cosine.min() > 0.95 and cosine.mean() > 0.98


def test_torch_fallback_answers_alike(index_dir, engine, monkeypatch):
    monkeypatch.setenv("PEEL_QA_BACKEND", "torch")
    fallback = Engine.load(index_dir)
    assert type(fallback.embedder).__name__ == "Embedder"
    same = sum(engine.ask(q).passages[0].chunk.id == fallback.ask(q).passages[0].chunk.id for q in QUESTIONS)
    assert same / len(QUESTIONS) >= 0.9


def test_serving_never_imports_torch(index_dir):
    code = ("import sys; from qa.web import create_app; app = create_app({'INDEX_DIR': %r}); "
            "app.extensions['peel_qa'].reload(); r = app.test_client().get('/ask?q=burglary'); "
            "print(r.status_code, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)" % str(index_dir))
    env = {k: v for k, v in os.environ.items() if k != "PEEL_QA_BACKEND"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert out.stdout.split() == ["200", "False", "False"], out.stderr[-2000:]


def test_a_model_retrained_into_the_same_folder_is_another_model(tmp_path):
    """Exports and reused vectors are keyed by the folder's contents, not its path: retraining a
    model in place must not pick up the old model's export or vectors."""
    from qa.build import _settings
    from qa.chunking import ChunkConfig
    from qa.embed import _export_folder, model_fingerprint

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 384}')
    (folder / "model.safetensors").write_bytes(b"weights, first training")
    before = (model_fingerprint(str(folder)), _export_folder(tmp_path, str(folder), "onnx-int8"),
              _settings(str(folder), "onnx-int8", ChunkConfig()))
    assert model_fingerprint(str(folder)) == before[0]  # stable
    (folder / "model.safetensors").write_bytes(b"weights, second training")
    after = (model_fingerprint(str(folder)), _export_folder(tmp_path, str(folder), "onnx-int8"),
             _settings(str(folder), "onnx-int8", ChunkConfig()))
    assert all(a != b for a, b in zip(before, after))
    assert model_fingerprint("some-org/some-hub-model") == "some-org/some-hub-model"
