#!/usr/bin/env python3
"""A minimal external extractor for `tashih pretag --extractor cmd:'python3 scripts/extractors/example_gazetteer.py'`.

Protocol (docs/EXTRACTORS.md): one JSON record per line on stdin ({"id", "text", "meta"?});
one JSON line per record on stdout, same id, same order: {"id", "spans": [...]} with spans
{"start", "end", "label", "attributes"?, "score"?} in Unicode code points, end exclusive —
exactly Python's str indices, so no conversion is needed. Flush after every line.

It tags a few actor names (with an optional attached proclitic و/ف/ب/ل) and ASCII or
Arabic-Indic digit runs, to show the shape of a real extractor (CAMeL Tools, a fine-tuned
BERT, an LLM) behind the same protocol.
"""
import json
import re
import sys

ACTORS = {
    "داعش": ("ARMED_GROUP", "ISIS"),
    "قسد": ("ARMED_GROUP", "SDF"),
    "التحالف الدولي": ("COALITION", "COALITION"),
}
NAME_RE = re.compile(r"(?<![\w])(?:[وف]?[بل]?)(" + "|".join(map(re.escape, ACTORS)) + r")(?![\w])")
DIGITS_RE = re.compile(r"(?<![\w.])[0-9\u0660-\u0669]+(?![\w.])")


def spans_for(text):
    spans = []
    for m in NAME_RE.finditer(text):
        label, actor_id = ACTORS[m.group(1)]
        spans.append({"start": m.start(), "end": m.end(), "label": label,
                      "attributes": {"actor_id": actor_id}, "score": 0.9})
    for m in DIGITS_RE.finditer(text):
        value = int("".join(str(int(c)) for c in m.group(0)))
        if 1900 <= value <= 2099:  # years are not counts
            continue
        spans.append({"start": m.start(), "end": m.end(), "label": "COUNT",
                      "attributes": {"value": value, "qualifier": "exact"}, "score": 0.5})
    return spans


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        out = {"id": record["id"], "spans": spans_for(record["text"])}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
