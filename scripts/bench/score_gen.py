"""Generates gold and prediction JSONL for scripts/bench/score: N records of Arabic text from the
seed paragraphs, about 10 gold spans each on token boundaries, and predictions that keep,
relabel, shift, drop or add spans. Deterministic (seeded); predictions are in another order."""
import argparse, glob, json, random, re

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", required=True)
ap.add_argument("--records", type=int, default=100_000)
ap.add_argument("--gold", required=True)
ap.add_argument("--pred", required=True)
args = ap.parse_args()
rng = random.Random(2018)
paras = []
for path in sorted(glob.glob(args.seeds + "/*.txt")):
    with open(path, encoding="utf-8") as f:
        paras += [l.strip() for l in f if len(l.strip()) > 80]
LABELS = ["ARMED_GROUP", "STATE", "STATE_FORCE", "COALITION", "PERSON", "COUNT", "HOSTILE"]
gold_out = open(args.gold, "w", encoding="utf-8")
pred_lines = []
for i in range(args.records):
    text = rng.choice(paras)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    picks = sorted(rng.sample(range(len(words)), min(len(words), rng.randint(7, 13))))
    gold = []
    for k in picks:
        a, b = words[k]
        if rng.random() < 0.2 and k + 1 < len(words):
            b = words[k + 1][1]
        gold.append({"start": a, "end": b, "label": rng.choice(LABELS)})
    pred = []
    for g in gold:
        r = rng.random()
        if r < 0.6:
            pred.append(dict(g))
        elif r < 0.7:
            pred.append({**g, "label": rng.choice(LABELS)})
        elif r < 0.8:
            pred.append({**g, "start": min(g["start"] + 1, g["end"] - 1)})
    for _ in range(rng.randint(0, 2)):
        a, b = rng.choice(words)
        pred.append({"start": a, "end": b, "label": rng.choice(LABELS)})
    rid = f"bench:{i}"
    gold_out.write(json.dumps({"id": rid, "text": text, "spans": gold}, ensure_ascii=False) + "\n")
    pred_lines.append(json.dumps({"id": rid, "spans": pred}, ensure_ascii=False) + "\n")
rng.shuffle(pred_lines)
with open(args.pred, "w", encoding="utf-8") as f:
    f.writelines(pred_lines)
