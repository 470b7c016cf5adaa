"""The embedding model as ONNX (float32 or int8), exported once and run with onnxruntime.

Why: through onnxruntime a question embeds in about 1.5 ms (int8) against
about 6 ms through torch, and a server that loads an ONNX model imports
neither torch nor sentence-transformers, so it answers within a second or two
of starting. :func:`export` runs at build time (it needs torch): it wraps the
SentenceTransformer's transformer, pooling and normalisation in one graph,
checks the graph against the original on sample texts, optionally quantises
the weights to int8 with onnxruntime, and writes the folder the index then
names in its manifest. :class:`OnnxEncoder` is the serving side.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import warnings
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL_FILE = {"none": "model.onnx", "int8": "model-int8.onnx"}
RECORD = "encoder.json"
CHECK_TEXTS = ["How does burglary compare with the national rate?",
               "Figure 2: Police recorded crimes per 1,000 population in the 12 months to 30 June 2016."]


class ExportError(Exception):
    """The model cannot be exported to ONNX (unsupported pooling, or the graph disagrees)."""


def _pooling(model) -> str:
    """'mean' or 'cls', from the SentenceTransformer's Pooling module; others are not exported."""
    pooling = next((m for m in model if type(m).__name__ == "Pooling"), None)
    mode = getattr(pooling, "pooling_mode", None) or ("mean" if getattr(pooling, "pooling_mode_mean_tokens", False) else None)
    if mode not in ("mean", "cls"):
        raise ExportError(f"pooling {mode!r} is not supported for ONNX export; build with --backend torch")
    return mode


def _wrapper(model, mode: str, normalize: bool):
    """A torch module from token ids to the sentence embedding (transformer, pooling, normalisation)."""
    import torch

    transformer = model[0].auto_model

    class Embedding(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                      token_type_ids=token_type_ids).last_hidden_state
            if mode == "cls":
                vector = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                vector = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(vector, dim=-1) if normalize else vector

    return Embedding().eval()


def export(model_path: str, folder: Path, quantization: str = "int8") -> Path:
    """Write ``folder`` (model, tokenizer, record) for ``model_path``; an existing complete folder is reused."""
    folder = Path(folder)
    if (folder / RECORD).exists():
        return folder
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path, device="cpu")
    mode = _pooling(model)
    normalize = any(type(m).__name__ == "Normalize" for m in model)
    temp = folder.with_name(folder.name + f".{os.getpid()}.tmp")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    try:
        model.tokenizer.save_pretrained(str(temp))
        sample = model.tokenizer(CHECK_TEXTS, return_tensors="pt", padding=True)
        names = ["input_ids", "attention_mask", "token_type_ids"]
        inputs = tuple(sample.get(n, torch.zeros_like(sample["input_ids"])) for n in names)
        axes = {**{n: {0: "batch", 1: "tokens"} for n in names}, "embedding": {0: "batch"}}
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes on shapes; _check() proves the graph right
            torch.onnx.export(_wrapper(model, mode, normalize), inputs, str(temp / MODEL_FILE["none"]),
                              input_names=names, output_names=["embedding"], dynamic_axes=axes,
                              opset_version=17, dynamo=False)
        if quantization == "int8":
            from onnxruntime.quantization import QuantType, quantize_dynamic

            # Per-channel int8 weights on the matrix multiplications only: with the embedding
            # lookups left in float32, hit@5 on the question set stays within 0.01 (README).
            quantize_dynamic(str(temp / MODEL_FILE["none"]), str(temp / MODEL_FILE["int8"]), weight_type=QuantType.QInt8,
                             per_channel=True, op_types_to_quantize=["MatMul"])
            (temp / MODEL_FILE["none"]).unlink()
        record = {"source": model_path, "pooling": mode, "normalize": normalize, "quantization": quantization,
                  "max_seq_length": int(model.max_seq_length), "dimension": int(model.get_embedding_dimension())}
        (temp / RECORD).write_text(json.dumps(record, indent=2), encoding="utf-8")
        _check(temp, model)
        os.replace(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return folder


def _check(folder: Path, model) -> None:
    """The exported graph must agree with the original model (cosine ≥ 0.9999 float32, ≥ 0.9 int8)."""
    expected = model.encode(CHECK_TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    encoder = OnnxEncoder(folder)
    got = encoder.encode(CHECK_TEXTS)
    floor = 0.9999 if encoder.record["quantization"] == "none" else 0.9
    agreement = float((expected * got).sum(1).min())
    if agreement < floor:
        raise ExportError(f"the ONNX graph disagrees with the model (cosine {agreement:.4f} < {floor})")


class OnnxEncoder:
    """Encodes texts with an exported folder: the same normalised vectors as the model, without torch."""

    def __init__(self, folder: Path, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.record = json.loads((self.folder / RECORD).read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.record["max_seq_length"])
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        path = self.folder / MODEL_FILE[self.record["quantization"]]
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    @property
    def dimension(self) -> int:
        return int(self.record["dimension"])

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encoded)
        feeds = {name: np.zeros((len(encoded), width), dtype=np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
        for row, e in enumerate(encoded):
            feeds["input_ids"][row, :len(e.ids)] = e.ids
            feeds["attention_mask"][row, :len(e.ids)] = e.attention_mask
            feeds["token_type_ids"][row, :len(e.ids)] = e.type_ids
        return self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]

    def encode(self, texts: list[str], *, batch_size: int = 1, progress: bool = False) -> np.ndarray:
        """Normalised embeddings, one row per text. One text per pass by default: dynamic int8
        quantisation scales activations per pass, so a text's vector then never depends on the
        texts beside it (larger batches, sorted by length, are for float32 exports)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        starts = range(0, len(order), batch_size)
        if progress and len(starts) > 1:
            from tqdm import tqdm

            starts = tqdm(starts, desc="Batches", unit="batch")
        for start in starts:
            rows = order[start:start + batch_size]
            out[rows] = self._batch([texts[i] for i in rows])
        return out
