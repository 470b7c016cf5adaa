"""The torch side of :mod:`qa.tuning`: the training loop, the float16 save and the staged folder.

Kept apart so that reading a question set or planning batches never imports torch or
sentence-transformers (seconds of start-up).
"""

from __future__ import annotations

import os
import random
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .tuning import Example, TuneSettings, TuningError

WEIGHTS = "model.safetensors"


def _seed(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(path: str, steps: list[list[Example]], settings: TuneSettings,
          progress: Callable[[int, int, float], None] | None = None):
    """Fine-tune the SentenceTransformer at ``path`` on the planned ``steps``; (model, last loss)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    _seed(settings.seed)
    try:
        model = SentenceTransformer(path, device="cpu")
    except Exception as exc:  # the library raises many kinds for a bad model
        raise TuningError(f"cannot load the base model {path!r}: {exc}") from exc
    loss_fn = MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimizer, int(settings.warmup * len(steps)), len(steps))
    loss_value = 0.0
    model.train()
    for step, batch in enumerate(steps, 1):
        columns = [[e.query for e in batch], [e.text for e in batch]]
        if all(e.negative for e in batch):  # (anchor, positive, negative): every text is every anchor's candidate
            columns.append([e.negative[1] for e in batch])
        loss = loss_fn([model.preprocess(column) for column in columns], None)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        loss_value = float(loss.item())
        if progress:
            progress(step, len(steps), loss_value)
    model.eval()
    return model, loss_value


def check_out(out: Path, force: bool) -> None:
    """Refuse, before any training, an ``out`` that would lose something: the current directory, a
    folder holding anything but a model, or a model unless ``force``; and a place that cannot be written."""
    if str(out).strip() in ("", ".") or out.resolve() == Path.cwd().resolve():
        raise TuningError("--out must name a folder for the model, not the current directory")
    if out.exists():
        if not out.is_dir():
            raise TuningError(f"--out {out} is a file")
        if any(out.iterdir()) and not (out / "modules.json").is_file():
            raise TuningError(f"--out {out} holds other files than a model; choose a new folder")
        if any(out.iterdir()) and not force:
            raise TuningError(f"--out {out} already holds a model; pass --force to replace it")
    parent = out.resolve().parent
    if not os.access(parent if parent.exists() else parent.parent, os.W_OK):
        raise TuningError(f"cannot write in {parent}")


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` to save into; on success it replaces ``out`` by renames, so that
    ``out`` is either the old model or the whole new one (an interrupted save leaves no half model)."""
    out = out.resolve()
    stage, old = out.with_name(f".{out.name}.tmp-{os.getpid()}"), out.with_name(f".{out.name}.old-{os.getpid()}")
    try:
        stage.mkdir(parents=True)
    except OSError as exc:
        raise TuningError(f"cannot create {stage}: {exc.strerror or exc}") from exc
    try:
        yield stage
        if out.exists():
            out.rename(old)
        try:
            stage.rename(out)
        except OSError:
            if old.exists():
                old.rename(out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def save_half(model, out: Path) -> None:
    """Save ``model`` to ``out`` with float16 weights (its config keeps ``dtype: float32``, so it loads as
    float32), no generated model card, and files readable by other users (safetensors writes 0600)."""
    from safetensors.torch import load_file, save_file

    try:
        model.save(str(out), create_model_card=False)
        weights = out / WEIGHTS
        half = {k: v.half().contiguous() for k, v in load_file(weights).items()}
        save_file(half, weights, metadata={"format": "pt"})
        for path in out.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
    except OSError as exc:
        raise TuningError(f"cannot save the model to {out}: {exc}") from exc
