#!/usr/bin/env python3
"""Generates a large, deterministic Arabic JSONL file for the JSONL benchmark.

Records are built from the paragraphs of the seed articles: one to three paragraphs per record,
with harakat, tatweel, emoji and Arabic-Indic digits mixed in, a nested `meta`, the SHA-256 of
the text and a few spans whose code-point offsets are checked against the text. Lines are written
the way the workbench writes them: `json.dumps(..., ensure_ascii=False, sort_keys=True,
separators=(",", ":"))`.

    jsonl_gen.py --seeds DIR --size-mb 100 --seed 7 --out FILE.jsonl

The same arguments always give the same bytes.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys

LABELS = ["ARMED_GROUP", "STATE", "PERSON", "COUNT", "HOSTILE"]
ATTRIBUTES = {
    "COUNT": {"value": 40, "qualifier": "approx"},
    "ARMED_GROUP": {"actor_id": "SDF"},
    "HOSTILE": {"target": "ISIS"},
}
HARAKAT = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u064c", "\u064d"]
TATWEEL = "\u0640"
EMOJI = ["🙂", "🔥", "🕊️", "📍", "𝐀", "⚠️"]
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
TAGS = ["syria", "deir-ezzor", "raqqa", "coalition", "casualties", "ceasefire", "displacement",
        "airstrike", "sdf", "regime", "isis", "turkey", "russia"]
SOURCES = ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]
WORD = re.compile(r"[^\s«»“”\"',.:;()\[\]،؛]+")
DIGITS = re.compile(r"[0-9\u0660-\u0669]+")


def load_paragraphs(seeds_dir):
    names = sorted(n for n in os.listdir(seeds_dir) if n.endswith(".txt"))
    if not names:
        sys.exit(f"jsonl_gen: no .txt seed articles in {seeds_dir}")
    paragraphs = []
    for doc, name in enumerate(names):
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            for para, line in enumerate(f.read().split("\n")):
                line = line.strip()
                if line:
                    paragraphs.append((doc, para, line))
    return paragraphs


def decorate(text, rng):
    """Mixes harakat, tatweel, emoji and Arabic-Indic digits into a paragraph."""
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < 0.06 and len(w) > 1:
            # harakat after some letters: مَدَنِيّاً
            chars = []
            for c in w:
                chars.append(c)
                if "\u0621" <= c <= "\u064a" and rng.random() < 0.5:
                    chars.append(rng.choice(HARAKAT))
            w = "".join(chars)
        elif r < 0.09 and len(w) > 2:
            # tatweel inside the word: لـ«قسد», حـلـب
            i = rng.randrange(1, len(w))
            w = w[:i] + TATWEEL * rng.randint(1, 3) + w[i:]
        elif r < 0.11:
            w = w + " " + rng.choice(EMOJI)
        elif r < 0.14:
            n = rng.randint(1, 9999)
            digits = str(n)
            if rng.random() < 0.6:
                digits = "".join(ARABIC_INDIC[int(d)] for d in digits)
            w = w + " " + digits
        out.append(w)
    return " ".join(out)


def spans_for(text, rng):
    """A few spans with code-point offsets; COUNT spans go on numbers where there are any."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    numbers = [(m.start(), m.end()) for m in DIGITS.finditer(text)]
    spans = []
    used = set()
    for _ in range(rng.randint(1, 5)):
        label = rng.choice(LABELS)
        if label == "COUNT" and numbers:
            start, end = rng.choice(numbers)
        elif words:
            i = rng.randrange(len(words))
            j = min(len(words) - 1, i + rng.randint(0, 2))
            start, end = words[i][0], words[j][1]
        else:
            continue
        if (start, end, label) in used:
            continue
        used.add((start, end, label))
        span = {"start": start, "end": end, "label": label, "text": text[start:end]}
        if label in ATTRIBUTES:
            span["attributes"] = dict(ATTRIBUTES[label])
        spans.append(span)
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return spans


def record(i, paragraphs, rng):
    k = rng.choice([1, 1, 1, 2, 2, 3])
    first = rng.randrange(len(paragraphs))
    chosen = [paragraphs[(first + n) % len(paragraphs)] for n in range(k)]
    joiner = rng.choice([" ", "\n", "\n\n"])
    text = joiner.join(decorate(p[2], rng) for p in chosen)
    doc, para = chosen[0][0], chosen[0][1]
    meta = {
        "source": SOURCES[doc % len(SOURCES)],
        "para": para,
        "tags": rng.sample(TAGS, rng.randint(0, 4)),
        "origin": {"seed_doc": doc, "paragraphs": [p[1] for p in chosen], "joined_with": joiner},
    }
    if rng.random() < 0.3:
        meta["score"] = round(rng.random(), 3)
    if rng.random() < 0.2:
        meta["note"] = 'quoted "source", path a/b\tand a tab'
    rec = {
        "id": f"bench-{i:08d}",
        "text": text,
        "meta": meta,
        "text_hash": "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "spans": spans_for(text, rng),
    }
    for s in rec["spans"]:
        assert text[s["start"]:s["end"]] == s["text"]
    return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", required=True, help="folder of the seed articles (*.txt)")
    ap.add_argument("--size-mb", type=float, default=100.0, help="stop once the file reaches this size")
    ap.add_argument("--seed", type=int, default=7, help="random seed")
    ap.add_argument("--out", required=True, help="output .jsonl file")
    args = ap.parse_args()

    paragraphs = load_paragraphs(args.seeds)
    rng = random.Random(args.seed)
    target = int(args.size_mb * 1_000_000)
    written = 0
    n = 0
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        while written < target:
            line = json.dumps(record(n, paragraphs, rng), ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode("utf-8") + b"\n"
            f.write(line)
            written += len(line)
            n += 1
    os.replace(tmp, args.out)
    print(f"jsonl_gen: wrote {n} records, {written / 1e6:.1f} MB to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
