#!/usr/bin/env python3
"""Synthetic PEEL reports for scale tests: N variants of a report with another force and other numbers.

Each variant renames the force ("West Mercia Police" becomes, say, "Ashdale
Police"), and multiplies every decimal figure and every "N percent" by its
own random factor (0.7-1.3, seeded by the variant), so each report's figures
differ. Years, dates, page, figure and footnote numbers are left alone.

    python bench/synth.py --count 100 --out /tmp/corpus [--source reports/west-mercia-peel-effectiveness-2016.md]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "reports" / "west-mercia-peel-effectiveness-2016.md"
FORCE = "West Mercia"
_HEADS = ["Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Glen", "Har", "Ivy", "Kes", "Lang", "Marl", "Nor", "Oak",
          "Pen", "Quar", "Rad", "Stan", "Thorn", "Ux", "Vale", "Wen", "Yar", "Zel", "Brock", "Cran", "Fal", "Hol"]
_TAILS = ["dale", "ford", "shire", "wick", "mere", "ton", "bury", "field", "moor", "vale", "ham", "ley", "worth",
          "combe", "stead", "holm"]
_PREFIXES = ["", "North ", "South ", "East ", "Upper "]
_DECIMAL = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})*\.\d+)(?![\d.])")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,2})(?= percent)")


def force_names(count: int) -> list[str]:
    """``count`` distinct fictional force names."""
    names = (f"{p}{h}{t}" for p in _PREFIXES for h, t in itertools.product(_HEADS, _TAILS))
    out = list(itertools.islice(names, count))
    if len(out) < count:
        raise SystemExit(f"at most {len(_PREFIXES) * len(_HEADS) * len(_TAILS)} variants")
    return out


def _scaled(match: re.Match, rng: random.Random, decimals: int | None) -> str:
    text = match.group(1)
    value = float(text.replace(",", ""))
    places = len(text.split(".")[1]) if decimals is None else decimals
    new = max(value * rng.uniform(0.7, 1.3), 10 ** -places)
    return f"{new:,.{places}f}" if "," in text else f"{new:.{places}f}"


def variant(text: str, name: str, seed: int) -> str:
    """``text`` with the force renamed and its decimals and percentages perturbed."""
    rng = random.Random(seed)
    text = text.replace(FORCE, name)
    text = _DECIMAL.sub(lambda m: _scaled(m, rng, None), text)
    return _PERCENT.sub(lambda m: str(min(99, max(1, round(int(m.group(1)) * rng.uniform(0.7, 1.3))))), text)


def generate(count: int, out: Path, source: Path = SOURCE) -> list[Path]:
    """Write ``count`` variant reports into ``out`` (existing identical files are kept, so reruns are cheap)."""
    text = source.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(force_names(count)):
        path = out / f"{name.lower().replace(' ', '-')}-peel-effectiveness-2016.md"
        body = variant(text, name, seed=i)
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10, help="how many variants (default 10)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--source", type=Path, default=SOURCE, help="the report to vary")
    args = parser.parse_args()
    paths = generate(args.count, args.out, args.source)
    print(f"wrote {len(paths)} reports into {args.out}")


if __name__ == "__main__":
    main()
