"""nervaluate 1.2.1 on the benchmark files, as a user would run it: read both JSONL files, pair
predictions with gold by id, sort spans by (start, end, label), pass inclusive ends, evaluate.
Prints the overall strict and partial counts so the run can be checked against Tashih's."""
import json, sys
from nervaluate import Evaluator

gold_path, pred_path = sys.argv[1], sys.argv[2]
key = lambda s: (s["start"], s["end"], s["label"])
gold = [json.loads(l) for l in open(gold_path, encoding="utf-8")]
pred = {}
for l in open(pred_path, encoding="utf-8"):
    r = json.loads(l)
    pred[r["id"]] = r["spans"]
true = [[{"label": s["label"], "start": s["start"], "end": s["end"] - 1} for s in sorted(g["spans"], key=key)] for g in gold]
prd = [[{"label": s["label"], "start": s["start"], "end": s["end"] - 1} for s in sorted(pred[g["id"]], key=key)] for g in gold]
tags = sorted({s["label"] for g in gold for s in g["spans"]} | {s["label"] for p in pred.values() for s in p})
res = Evaluator(true, prd, tags=tags, loader="dict").evaluate()
o = res["overall"]
print(json.dumps({s: [o[s].correct, o[s].incorrect, o[s].partial, o[s].missed, o[s].spurious] for s in ["strict", "exact", "partial", "ent_type"]}))
