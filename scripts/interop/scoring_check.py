"""Tashih's scores against nervaluate 1.2.1 and seqeval 1.2.2 on seeded gold/prediction pairs.

Run by scripts/interop/scoring (which makes the venv). For each case it writes a gold and a
predictions JSONL file, runs `tashih score --format json --write-iob2`, runs nervaluate on the
same spans (ends passed inclusive, `end - 1`, spans sorted by start, end, label) and seqeval on
the IOB2 tags tashih wrote, and compares: counts equal, P/R/F1 within 1e-9.

  python scoring_check.py --tashih BIN --cases 240 --seed 7 --work DIR [--reference FILE --subset N]

--reference writes the first N cases with the tools' outputs to FILE (JSONL), for the Swift test
that checks Tashih against them without PyPI (Tests/TashihScoringTests/InteropReferenceTests.swift).
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys

from nervaluate import Evaluator
from seqeval.metrics.sequence_labeling import get_entities, precision_recall_fscore_support

TOL = 1e-9
SCHEMES = ["strict", "exact", "partial", "ent_type"]
# Families as Tashih's default schema has them; any other label is family "other".
FAMILIES = {
    "actor": ["STATE", "STATE_FORCE", "ARMED_GROUP", "COALITION", "PERSON", "MEDIA", "ORG"],
    "number": ["COUNT", "PERCENT", "MEASURE"],
    "stance": ["HOSTILE", "SUPPORTIVE"],
}
LABELS = ["ARMED_GROUP", "STATE", "COUNT", "HOSTILE", "PERSON", "X-Y", "فاعل"]
WORDS = [
    "قُتِلَ", "مدنيّاً", "لـ«قسد»", "وبِالرَّقَّة", "الباغوز", "داعش", "قـــوات", "سوريا", "الديمقراطية",
    "١٢", "٢٠٠", "15،000", "نحو", "أكثر", "من", "🙂", "👨\u200d👩\u200d👧", "🇸🇾", "𝔸", "Sean", "Ryan",
    "«", "»", "،", ".", "#دير_الزور", "التحالف", "الدولي", "مقاتلاً", "ـ", "\u200f",
]


def family(label):
    for f, ls in FAMILIES.items():
        if label in ls:
            return f
    return "other"


def make_text(rng):
    n = rng.randint(1, 40)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.15:  # one very long word: gold spans longer than 100 code points
        words.insert(rng.randint(0, len(words)), "ـ" * rng.randint(95, 140))
    seps = [" ", " ", " ", "  ", "\u00a0", "\n"]
    text = ""
    for i, w in enumerate(words):
        text += w
        if i < len(words) - 1:
            text += rng.choice(seps)
    return text


def rand_span(rng, n, labels):
    a = rng.randrange(0, n)
    b = rng.randint(a + 1, min(n, a + rng.choice([1, 2, 4, 8, 20, 150])))
    return {"start": a, "end": b, "label": rng.choice(labels)}


def make_record(rng, rid, labels):
    text = make_text(rng)
    n = len(text)  # Python str: code points
    gold = []
    mode = rng.random()
    if mode > 0.08:
        for _ in range(rng.randint(0, 8)):
            gold.append(rand_span(rng, n, labels))
        if gold and rng.random() < 0.3:  # nested
            g = rng.choice(gold)
            if g["end"] - g["start"] > 2:
                gold.append({"start": g["start"] + 1, "end": g["end"] - 1, "label": rng.choice(labels)})
        if rng.random() < 0.3:  # at the text's end
            gold.append({"start": max(0, n - rng.randint(1, 5)), "end": n, "label": rng.choice(labels)})
    pred = []
    if rng.random() > 0.08:
        for g in gold:
            r = rng.random()
            if r < 0.35:
                pred.append(dict(g))
            elif r < 0.45:
                pred.append({**g, "label": rng.choice(labels)})  # same span, maybe another label
            elif r < 0.6:  # off by one
                s = max(0, min(n - 1, g["start"] + rng.choice([-1, 0, 1])))
                e = max(s + 1, min(n, g["end"] + rng.choice([-1, 0, 1])))
                pred.append({**g, "start": s, "end": e})
            elif r < 0.7:
                pred.append(dict(g))
                pred.append(dict(g))  # duplicate
            elif r < 0.78 and g["end"] - g["start"] > 100:  # one code point of a long gold span
                k = rng.randrange(g["start"], g["end"])
                pred.append({**g, "start": k, "end": k + 1})
            elif r < 0.85:  # touching
                if g["end"] < n:
                    pred.append({**g, "start": g["end"], "end": min(n, g["end"] + 2)})
        for _ in range(rng.randint(0, 3)):
            pred.append(rand_span(rng, n, labels))
    rng.shuffle(gold)
    rng.shuffle(pred)
    return {"id": rid, "text": text, "spans": gold}, {"id": rid, "text": text, "spans": pred}


def make_case(seed):
    rng = random.Random(seed)
    labels = rng.sample(LABELS, rng.randint(1, len(LABELS)))
    gold, pred = [], []
    for i in range(rng.randint(1, 6)):
        g, p = make_record(rng, f"c{seed}:r{i}" if rng.random() < 0.9 else str(1000 + i), labels)
        gold.append(g)
        pred.append(p)
    rng.shuffle(pred)  # records in another order: paired by id
    return labels, gold, pred


def key(s):
    return (s["start"], s["end"], s["label"])


def nervaluate_run(gold, pred, tags):
    by_id = {r["id"]: r for r in pred}
    true = [[{"label": s["label"], "start": s["start"], "end": s["end"] - 1} for s in sorted(g["spans"], key=key)] for g in gold]
    prd = [
        [{"label": s["label"], "start": s["start"], "end": s["end"] - 1} for s in sorted(by_id[g["id"]]["spans"], key=key)]
        for g in gold
    ]
    res = Evaluator(true, prd, tags=tags, loader="dict").evaluate()

    def dump(r):
        return {
            "correct": r.correct, "incorrect": r.incorrect, "partial": r.partial, "missed": r.missed,
            "spurious": r.spurious, "possible": r.possible, "actual": r.actual,
            "precision": r.precision, "recall": r.recall, "f1": r.f1,
        }

    return {
        "overall": {s: dump(v) for s, v in res["overall"].items()},
        "entities": {t: {s: dump(v) for s, v in d.items()} for t, d in res["entities"].items()},
    }


def seqeval_run(tagged):
    y_true = [r["gold"] for r in tagged]
    y_pred = [r["predicted"] for r in tagged]
    ent_true, ent_pred = {}, {}
    for t, a, b in get_entities(y_true):
        ent_true.setdefault(t, set()).add((a, b))
    for t, a, b in get_entities(y_pred):
        ent_pred.setdefault(t, set()).add((a, b))
    names = sorted(set(ent_true) | set(ent_pred))
    out = {"labels": {}}
    if names:
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None)
        for i, t in enumerate(names):
            out["labels"][t] = {
                "true_positives": len(ent_true.get(t, set()) & ent_pred.get(t, set())),
                "predicted": len(ent_pred.get(t, set())), "gold": int(s[i]),
                "precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
            }
    for avg in ["micro", "macro", "weighted"]:
        if names:
            p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average=avg)
        else:  # seqeval gives nan (macro) or 0 here; Tashih gives 0 (never NaN)
            p = r = f = 0.0
        out[avg] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    return out


def close(a, b):
    if isinstance(a, float) and math.isnan(a):
        a = 0.0
    return abs(a - b) <= TOL


def compare(case, ner, fam, seq, tj):
    problems = []

    def check_scheme(where, ref, got):
        for k in ["correct", "incorrect", "partial", "missed", "spurious", "possible", "actual"]:
            if ref[k] != got[k]:
                problems.append(f"case {case} {where}: {k} nervaluate {ref[k]} tashih {got[k]}")
        for k in ["precision", "recall", "f1"]:
            if not close(ref[k], got[k]):
                problems.append(f"case {case} {where}: {k} nervaluate {ref[k]!r} tashih {got[k]!r}")

    spans = tj["spans"]
    for s in SCHEMES:
        if s in ner["overall"]:
            check_scheme(f"overall {s}", ner["overall"][s], spans["overall"][s])
    if set(ner["entities"]) != set(spans["labels"]):
        problems.append(f"case {case}: labels nervaluate {sorted(ner['entities'])} tashih {sorted(spans['labels'])}")
    for t, d in ner["entities"].items():
        for s in SCHEMES:
            if t in spans["labels"]:
                check_scheme(f"label {t} {s}", d[s], spans["labels"][t][s])
    for f, r in fam.items():
        if f not in spans["families"]:
            if any(r["overall"][s]["possible"] + r["overall"][s]["actual"] for s in SCHEMES if s in r["overall"]):
                problems.append(f"case {case}: family {f} missing in tashih")
            continue
        for s in SCHEMES:
            if s in r["overall"]:
                check_scheme(f"family {f} {s}", r["overall"][s], spans["families"][f][s])
    tok = tj["tokens"]
    if set(seq["labels"]) != set(tok["labels"]):
        problems.append(f"case {case}: token labels seqeval {sorted(seq['labels'])} tashih {sorted(tok['labels'])}")
    for t, ref in seq["labels"].items():
        got = tok["labels"].get(t)
        if got is None:
            continue
        for k in ["true_positives", "predicted", "gold"]:
            if ref[k] != got[k]:
                problems.append(f"case {case} token {t}: {k} seqeval {ref[k]} tashih {got[k]}")
        for k in ["precision", "recall", "f1"]:
            if not close(ref[k], got[k]):
                problems.append(f"case {case} token {t}: {k} seqeval {ref[k]!r} tashih {got[k]!r}")
    for avg in ["micro", "macro", "weighted"]:
        for k in ["precision", "recall", "f1"]:
            if not close(seq[avg][k], tok[avg][k]):
                problems.append(f"case {case} token {avg}: {k} seqeval {seq[avg][k]!r} tashih {tok[avg][k]!r}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tashih", required=True)
    ap.add_argument("--cases", type=int, default=240)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", required=True)
    ap.add_argument("--reference")
    ap.add_argument("--subset", type=int, default=80)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    problems = []
    reference = []
    stats = {"records": 0, "gold": 0, "pred": 0}
    for c in range(args.cases):
        seed = args.seed * 100003 + c
        labels, gold, pred = make_case(seed)
        gpath = os.path.join(args.work, f"gold-{c}.jsonl")
        ppath = os.path.join(args.work, f"pred-{c}.jsonl")
        tpath = os.path.join(args.work, f"tags-{c}.jsonl")
        for path, recs in [(gpath, gold), (ppath, pred)]:
            with open(path, "w", encoding="utf-8") as f:
                for r in recs:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        stats["records"] += len(gold)
        stats["gold"] += sum(len(r["spans"]) for r in gold)
        stats["pred"] += sum(len(r["spans"]) for r in pred)
        cmd = [
            args.tashih, "score", "--gold", gpath, "--predictions", ppath, "--format", "json", "--bootstrap", "0",
            "--labels", ",".join(labels), "--write-iob2", tpath,
        ]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"case {c}: tashih failed ({run.returncode}): {run.stderr.strip()}")
            continue
        tj = json.loads(run.stdout)
        with open(tpath, encoding="utf-8") as f:
            tagged = [json.loads(line) for line in f]
        ner = nervaluate_run(gold, pred, labels)
        fams = sorted({family(l) for l in labels})
        fam = {f: nervaluate_run(gold, pred, [l for l in labels if family(l) == f]) for f in fams}
        seq = seqeval_run(tagged)
        problems += compare(c, ner, fam, seq, tj)
        if args.reference and c < args.subset:
            reference.append({
                "case": c, "labels": labels, "gold": gold, "predicted": pred, "nervaluate": ner, "families": fam,
                "tags": tagged, "seqeval": seq,
            })
    if args.reference:
        with open(args.reference, "w", encoding="utf-8") as f:
            for r in reference:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    for p in problems[:50]:
        print(p)
    print(
        f"scoring interop: {args.cases} cases, {stats['records']} records, {stats['gold']} gold and {stats['pred']} "
        f"predicted spans; nervaluate 1.2.1 (4 schemes, overall, per label, per family) and seqeval 1.2.2 (IOB2)"
    )
    print(f"{args.cases - len({p.split(':')[0] for p in problems})} passed, {len({p.split(':')[0] for p in problems})} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
