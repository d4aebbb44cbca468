#!/usr/bin/env python3
"""Generates a synthetic gold release of N records for scripts/bench/export.

The texts are the shipped hajin-2018 paragraphs (harakat, Arabic-Indic digits, long articles),
each given a unique prefix (a counter in Arabic-Indic digits and, every 7th record, an emoji, so
UTF-16 and code-point offsets differ); the gold spans are the built-in extractors' suggestions
for that paragraph, shifted by the prefix. The release is laid out as `tashih release` lays it
out (datasets/bench/releases/v1/records.jsonl: canonical JSON, sorted by id), so `tashih export
bench@v1` reads it; no journals are needed because export reads only the records file.
"""
import argparse, hashlib, json, os

p = argparse.ArgumentParser()
p.add_argument("--source", default="datasets/hajin-2018")
p.add_argument("--records", type=int, default=1_000_000)
p.add_argument("--workspace", required=True)
a = p.parse_args()

recs = {}
with open(os.path.join(a.source, "records.jsonl"), encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        recs[r["id"]] = r
base = []
with open(os.path.join(a.source, "suggestions", "builtin.jsonl"), encoding="utf-8") as f:
    for line in f:
        s = json.loads(line)
        spans = [{k: v for k, v in sp.items() if k in ("start", "end", "label", "attributes")} for sp in s["spans"]]
        base.append((recs[s["id"]]["text"], recs[s["id"]]["meta"], spans))

AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
rel = os.path.join(a.workspace, "datasets", "bench", "releases", "v1")
os.makedirs(rel, exist_ok=True)
with open(os.path.join(a.workspace, "tashih.json"), "w") as f:
    f.write('{"format":"tashih-workspace","version":1}\n')
open(os.path.join(a.workspace, "datasets", "bench", "records.jsonl"), "w").close()
nspans = 0
with open(os.path.join(rel, "records.jsonl"), "w", encoding="utf-8") as out:
    for i in range(a.records):  # ids are zero-padded: file order is id order
        text, meta, spans = base[i % len(base)]
        prefix = f"[{str(i).translate(AR)}{' 🙂' if i % 7 == 0 else ''}] "
        k = len(prefix)
        t = prefix + text
        sp = []
        for s in spans:
            o = {"end": s["end"] + k, "label": s["label"], "start": s["start"] + k}
            if s.get("attributes"):
                o["attributes"] = dict(sorted(s["attributes"].items()))
            sp.append(dict(sorted(o.items())))
        nspans += len(sp)
        rec = {"id": f"r{i:08d}", "meta": meta, "spans": sp, "text": t,
               "text_hash": "sha256:" + hashlib.sha256(t.encode()).hexdigest()}
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n")
print(f"{a.records} records, {nspans} spans → {rel}/records.jsonl")
