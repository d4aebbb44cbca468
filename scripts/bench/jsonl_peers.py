#!/usr/bin/env python3
"""Times a full JSONL read: Python's json.loads and orjson.loads per line, and a command.

    jsonl_peers.py --file F.jsonl [--runs 3] [--cmd NAME=ARGV ...]

Each reader parses every line of the file into a value and checks that it is an object, which is
what a validating JSONL read has to do at least. Each is run --runs times and the best wall time
is kept (the file is in the page cache after the first run). A command (`--cmd "tashih=BIN verify
F.jsonl"`) is timed as a whole process, start-up included, and must exit 0. Prints one line per
reader, `name seconds MB/s`, then the ratios of each command to json and orjson.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time


def read_all(path, loads):
    n = 0
    with open(path, "rb", buffering=1 << 20) as f:
        for line in f:
            if line.isspace():
                continue
            v = loads(line)
            if type(v) is not dict:
                raise ValueError(f"line {n + 1} is not an object")
            n += 1
    return n


def best_of(runs, fn):
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run_cmd(argv):
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit(f"jsonl_peers: {shlex.join(argv)} exited {r.returncode}:\n"
                 + r.stderr.decode("utf-8", "replace")[-2000:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cmd", action="append", default=[], metavar="NAME=ARGV",
                    help="a command to time, e.g. 'tashih=.build/release/tashih verify F.jsonl'")
    args = ap.parse_args()

    mb = os.path.getsize(args.file) / 1e6
    results = {}

    def report(name, secs):
        results[name] = secs
        print(f"{name:<16} {secs:8.3f} s  {mb / secs:8.1f} MB/s", flush=True)

    read_all(args.file, json.loads)  # warm the page cache
    for spec in args.cmd:
        name, _, cmd = spec.partition("=")
        argv = shlex.split(cmd)
        report(name, best_of(args.runs, lambda: run_cmd(argv)))
    report("python json", best_of(args.runs, lambda: read_all(args.file, json.loads)))
    try:
        import orjson
    except ImportError:
        print("orjson           (not installed: run inside the bench venv)")
    else:
        report("orjson", best_of(args.runs, lambda: read_all(args.file, orjson.loads)))

    for spec in args.cmd:
        name = spec.partition("=")[0]
        for peer in ("python json", "orjson"):
            if peer in results:
                print(f"{name}/{peer}: {results[peer] / results[name]:.2f}x the speed")


if __name__ == "__main__":
    main()
