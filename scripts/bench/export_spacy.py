#!/usr/bin/env python3
"""The peer route for scripts/bench/export: spaCy's blank Arabic tokenizer and
`offsets_to_biluo_tags`, writing CoNLL-style `token TAG` lines (BILUO converted to IOB) for
every record of a Tashih release. Overlapping spans are resolved first (longest, then earliest),
since offsets_to_biluo_tags refuses overlaps; a span that does not fall on spaCy's token edges
comes out as "-" (spaCy's misaligned marker) and is counted as lost."""
import json, sys, warnings
warnings.filterwarnings("ignore")
import spacy
from spacy.training import offsets_to_biluo_tags, biluo_to_iob

nlp = spacy.blank("ar")
src, dst = sys.argv[1], sys.argv[2]
records = spans = lost = overlaps = 0
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    for line in f:
        r = json.loads(line)
        doc = nlp.make_doc(r["text"])
        ents = []
        taken = []
        for s in sorted(r.get("spans", []), key=lambda s: (-(s["end"] - s["start"]), s["start"])):
            if any(s["start"] < e and b < s["end"] for b, e in taken):
                overlaps += 1
                continue
            taken.append((s["start"], s["end"]))
            ents.append((s["start"], s["end"], s["label"]))
        tags = offsets_to_biluo_tags(doc, ents, missing="O")
        lost += sum(1 for (b, e, _) in ents if any(t == "-" for tok, t in zip(doc, tags) if b <= tok.idx < e))
        tags = biluo_to_iob(["O" if t == "-" else t for t in tags])
        for tok, t in zip(doc, tags):
            if not tok.is_space:
                out.write(f"{tok.text} -X- _ {t}\n")
        out.write("\n")
        records += 1
        spans += len(ents)
print(json.dumps({"records": records, "spans": spans, "lost_misaligned": lost, "dropped_overlaps": overlaps}))
