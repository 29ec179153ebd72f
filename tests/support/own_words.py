"""Chinese in the kit's own words: find runs of 20 Chinese characters copied from the seed articles.

`python -m tests.support.own_words FILE...` prints each copied run with its file; the seeds are read from
../shared/seeds/ beside the repository (or $COURSE_SEEDS). Punctuation and Latin text are set aside first, as the
project's before-stop check does, so a run cannot hide behind a changed comma.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

HAN = re.compile(r"[\u4e00-\u9fff]")
RUN = 20


def seeds_dir() -> Path:
    return Path(os.environ.get("COURSE_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds"))


def seed_grams() -> set[str]:
    text = "".join("".join(HAN.findall(p.read_text(encoding="utf-8"))) for p in sorted(seeds_dir().glob("*.txt")))
    return {text[i:i + RUN] for i in range(len(text) - RUN + 1)}


def text_of(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
    return raw


def copied_runs(path: Path, grams: set[str]) -> list[str]:
    body = "".join(HAN.findall(text_of(path)))
    return [body[i:i + RUN] for i in range(len(body) - RUN + 1) if body[i:i + RUN] in grams]


if __name__ == "__main__":
    grams = seed_grams()
    if not grams:
        sys.exit(f"no seeds found in {seeds_dir()}")
    bad = 0
    for name in sys.argv[1:]:
        runs = copied_runs(Path(name), grams)
        bad += bool(runs)
        for r in runs:
            print(f"{name}: copied from the seeds: {r}")
    print("own words" if not bad else f"{bad} file(s) copy the seeds")
    sys.exit(1 if bad else 0)
