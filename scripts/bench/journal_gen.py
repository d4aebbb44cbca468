#!/usr/bin/env python3
"""Generates a workspace for scripts/bench/journal: a dataset of RECORDS Arabic records, one
suggestion file (two suggestions per record) and ANNOTATORS journals holding EVENTS events in
all, of every kind, in the exact canonical form the Swift writer produces (keys sorted, raw
UTF-8, no spaces), each journal's seqs 1..n and times increasing.

    journal_gen.py --out DIR [--events 1000000] [--records 10000] [--annotators 8]
"""
import argparse
import hashlib
import json
import os
import random
import time as _t


def canon(o):
    return json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


WORDS = ["قَالَ", "المتحدثُ", "إنّ", "١٢", "مقاتلاً", "من", "قســـد", "قُتلوا", "قرب", "هجين", "🙂", "التحالف",
         "الدولي", "قصف", "مواقع", "لداعش", "نحو", "الساعة", "١١.٣٠", "وأعلنت", "قوات", "سوريا", "الديمقراطية"]
LABELS = ["STATE", "ARMED_GROUP", "COALITION", "COUNT", "PERSON"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--annotators", type=int, default=8)
    a = ap.parse_args()
    rnd = random.Random(7)
    ds = os.path.join(a.out, "datasets", "bench")
    os.makedirs(os.path.join(ds, "suggestions"), exist_ok=True)
    os.makedirs(os.path.join(ds, "journals"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "guidelines"), exist_ok=True)
    with open(os.path.join(a.out, "tashih.json"), "w") as f:
        f.write('{"format":"tashih-workspace","version":1}\n')
    with open(os.path.join(a.out, "guidelines", "VERSION"), "w") as f:
        f.write("1.0\n")
    recs = []
    with open(os.path.join(ds, "records.jsonl"), "w", encoding="utf-8") as rf, \
            open(os.path.join(ds, "suggestions", "builtin.jsonl"), "w", encoding="utf-8") as sf:
        for i in range(a.records):
            text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(12, 40)))
            h = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
            rid = "%03d_%016x:p%d" % (i // 20, rnd.getrandbits(64), i % 20 + 1)
            n = len(text)
            sugg = []
            for k in range(2):
                s = rnd.randrange(0, n - 6)
                sugg.append({"start": s, "end": s + rnd.randint(2, 6), "label": LABELS[(i + k) % len(LABELS)],
                             "extractor": "builtin", "version": "1.0+lex.69e3a245d10b", "score": 0.9})
            sugg.sort(key=lambda x: (x["start"], x["end"], x["label"]))
            rf.write(canon({"id": rid, "text": text, "text_hash": h}) + "\n")
            sf.write(canon({"id": rid, "spans": sugg, "text_hash": h}) + "\n")
            recs.append((rid, h, n, sugg))
    per = a.events // a.annotators
    t0 = 1_795_332_600_000
    for ai in range(a.annotators):
        name = "ann%d" % (ai + 1)
        t = t0 + ai
        with open(os.path.join(ds, "journals", name + ".jsonl"), "w", encoding="utf-8") as jf:
            hist = []
            for seq in range(1, per + 1):
                kind = rnd.choice(["accept", "accept", "accept", "reject", "relabel", "move", "set_attribute",
                                   "add", "delete", "done", "skip", "flag", "undo"])
                if kind == "undo" and hist:
                    # Undo one of the annotator's last events, on its record.
                    target, rec = hist[-rnd.randint(1, min(5, len(hist)))]
                else:
                    if kind == "undo":
                        kind = "done"
                    rec = recs[rnd.randrange(len(recs))]
                    target = None
                rid, h, n, sugg = rec
                hist.append((seq, rec))
                if len(hist) > 5:
                    hist.pop(0)
                t += rnd.randint(0, 900)
                ms = t
                secs, milli = divmod(ms, 1000)
                tm = _t.strftime("%Y-%m-%dT%H:%M:%S", _t.gmtime(secs)) + ".%03dZ" % milli
                e = {"annotator": name, "guidelines": "1.0", "record": rid, "seq": seq, "text_hash": h, "time": tm}
                sg = sugg[seq % 2]
                sref = {k: sg[k] for k in ("start", "end", "label", "extractor", "version")}
                span = {"start": sg["start"], "end": sg["end"], "label": sg["label"]}
                e["kind"] = kind
                if kind in ("accept", "reject"):
                    e["suggestion"] = sref
                elif kind == "relabel":
                    e["suggestion"], e["span"], e["to"] = sref, span, {"label": "COALITION"}
                elif kind == "move":
                    e["suggestion"], e["span"] = sref, span
                    e["to"] = {"start": sg["start"], "end": min(n, sg["end"] + 1)}
                elif kind == "set_attribute":
                    e["suggestion"], e["span"], e["to"] = sref, span, {"attribute": "actor_id", "value": "SDF"}
                elif kind == "add":
                    s = rnd.randrange(0, n - 4)
                    e["span"] = {"start": s, "end": s + 3, "label": "PERSON"}
                elif kind == "delete":
                    e["span"] = span
                elif kind == "flag":
                    e["note"] = "هل «قســـد» فاعل هنا؟ 🤔"
                elif kind == "undo":
                    e["undoes"] = target
                jf.write(canon(e) + "\n")


if __name__ == "__main__":
    main()
