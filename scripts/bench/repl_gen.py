#!/usr/bin/env python3
"""Generates a workspace for scripts/bench/repl: dataset `bench` with RECORDS records and one
suggestion file, built from the shipped dataset (datasets/hajin-2018: its 57 records and their
built-in suggestions), the guidelines and the lexicons. Each record is a seed paragraph with a
serial number appended in Arabic-Indic digits (so texts and hashes differ; suggestion offsets stay
valid); suggestion scores are jittered so the low-score queue has an order. Same arguments, same
bytes.

    repl_gen.py --repo DIR --out DIR [--records 1000000] [--seed 7]
"""
import argparse
import hashlib
import json
import os
import random
import shutil

INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def canon(o):
    return json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    src = os.path.join(a.repo, "datasets", "hajin-2018")
    seeds = [json.loads(l) for l in open(os.path.join(src, "records.jsonl"), encoding="utf-8")]
    sugg = {}
    for l in open(os.path.join(src, "suggestions", "builtin.jsonl"), encoding="utf-8"):
        o = json.loads(l)
        sugg[o["id"]] = o["spans"]
    ds = os.path.join(a.out, "datasets", "bench")
    os.makedirs(os.path.join(ds, "suggestions"), exist_ok=True)
    with open(os.path.join(a.out, "tashih.json"), "w") as f:
        f.write('{"format":"tashih-workspace","version":1}\n')
    for d in ("guidelines", "datasets/lexicons"):
        dst = os.path.join(a.out, d)
        if not os.path.exists(dst):
            shutil.copytree(os.path.join(a.repo, d), dst)
    size = 0
    with open(os.path.join(ds, "records.jsonl"), "w", encoding="utf-8", newline="\n") as rf, \
            open(os.path.join(ds, "suggestions", "builtin.jsonl"), "w", encoding="utf-8", newline="\n") as sf:
        for i in range(a.records):
            s = seeds[i % len(seeds)]
            text = s["text"] + " " + str(i + 1).translate(INDIC)
            h = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
            rid = "gen-%08d" % (i + 1)
            rec = {"id": rid, "meta": {"n": i + 1, "source": s["meta"]["source"]}, "text": text, "text_hash": h}
            line = canon(rec) + "\n"
            rf.write(line)
            spans = []
            for sp in sugg.get(s["id"], []):
                sp = dict(sp)
                sp["score"] = round(max(0.05, min(0.99, sp["score"] + rng.uniform(-0.3, 0.05))), 2)
                spans.append(sp)
            sline = canon({"id": rid, "spans": spans, "text_hash": h}) + "\n"
            sf.write(sline)
            size += len(line.encode("utf-8")) + len(sline.encode("utf-8"))
    print(f"{a.records} records, {size / 1e6:.0f} MB (records + suggestions) -> {ds}", flush=True)


if __name__ == "__main__":
    main()
