#!/usr/bin/env python3
"""The peer for the pretag benchmark: a spaCy pipeline doing the actor part of the job.

A blank Arabic model with an EntityRuler whose phrase patterns are every Arabic actor name of
datasets/lexicons/actors.jsonl (the names Tashih's actor extractor uses), run over the same JSONL
records with nlp.pipe on one process; writes one {"id", "spans"} line per record, like Tashih.

    pretag_spacy.py LEXICON IN.jsonl OUT.jsonl
"""
import json
import sys

import spacy


def main():
    lexicon, src, dst = sys.argv[1:4]
    nlp = spacy.blank("ar")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    patterns = []
    with open(lexicon, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            for name in r["names_ar"]:
                patterns.append({"label": r["type"], "pattern": name, "id": r["id"]})
    ruler.add_patterns(patterns)

    def records():
        with open(src, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield r["text"], r["id"]

    with open(dst, "w", encoding="utf-8") as out:
        for doc, rid in nlp.pipe(records(), as_tuples=True, batch_size=256):
            spans = [{"start": e.start_char, "end": e.end_char, "label": e.label_,
                      "attributes": {"actor_id": e.ent_id_}} for e in doc.ents]
            out.write(json.dumps({"id": rid, "spans": spans}, ensure_ascii=False) + "\n")
    print(f"{len(patterns)} patterns", file=sys.stderr)


if __name__ == "__main__":
    main()
