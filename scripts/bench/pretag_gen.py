#!/usr/bin/env python3
"""Generates a deterministic Arabic news corpus (JSONL records, no spans) for the pretag benchmark.

Records are seed paragraphs, one to three per record, lightly varied the way real news varies:
Arabic-Indic digits for some numbers, a tatweel or an emoji here and there. Same arguments, same bytes.

    pretag_gen.py --seeds DIR --size-mb 100 --seed 7 --out FILE.jsonl
"""
import argparse
import glob
import json
import os
import random

EMOJI = ["🙂", "📍", "🔥", "𝐀"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--size-mb", type=float, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    paras = []
    for path in sorted(glob.glob(os.path.join(a.seeds, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            paras += [(os.path.basename(path), line.rstrip("\r\n")) for line in f if line.strip()]
    if not paras:
        raise SystemExit(f"no seed articles in {a.seeds}")
    rng = random.Random(a.seed)
    limit = int(a.size_mb * 1_000_000)
    written = 0
    n = 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as out:
        while written < limit:
            k = rng.randint(1, 3)
            picked = [rng.choice(paras) for _ in range(k)]
            text = " ".join(p for _, p in picked)
            r = rng.random()
            if r < 0.2:
                text = text.translate(INDIC)
            elif r < 0.3:
                text = text + " " + rng.choice(EMOJI)
            elif r < 0.35:
                text = text.replace("داعش", "داعـــش")
            n += 1
            rec = {"id": f"gen-{n:08d}", "meta": {"source": picked[0][0], "n": n}, "text": text}
            line = json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
    print(f"{n} records, {written / 1e6:.1f} MB -> {a.out}", flush=True)


if __name__ == "__main__":
    main()
