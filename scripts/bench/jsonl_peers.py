#!/usr/bin/env python3
"""Times a full JSONL read: Python's json.loads and orjson.loads per line, and a command.

    jsonl_peers.py --file F.jsonl [--runs 3] [--cmd NAME=ARGV ...]

Each reader parses every line of the file into a value and checks that it is an object, which is
what a validating JSONL read has to do at least. Each is run --runs times and the best wall time
is kept (the file is in the page cache after the first run). A command (`--cmd "tashih=BIN verify
F.jsonl"`) is timed as a whole process, start-up included, and must exit 0. Prints one line per
reader: the best wall time and its MB/s, and the best CPU time (user + system) and its MB/s,
which is steadier than wall time on a machine shared with other work; then the ratios of each
command to json and orjson, by wall time (by CPU time in parentheses).
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


def in_process(path, loads):
    """read_all for best_of: its CPU time is measured around the call."""
    read_all(path, loads)
    return None


def best_of(runs, fn):
    """Best wall and best CPU seconds of `runs` calls; fn returns its CPU seconds or None."""
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        cpu = fn()
        wall = time.perf_counter() - t0
        if cpu is None:
            cpu = time.process_time() - c0
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu


def run_cmd(argv):
    """Runs argv to the end; returns the child's CPU seconds."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"jsonl_peers: {shlex.join(argv)} exited {p.returncode}:\n"
                 + err.decode("utf-8", "replace")[-2000:])
    return usage.ru_utime + usage.ru_stime


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
        wall, cpu = secs
        results[name] = secs
        print(f"{name:<16} wall {wall:7.3f} s {mb / wall:7.1f} MB/s   cpu {cpu:7.3f} s {mb / cpu:7.1f} MB/s",
              flush=True)

    read_all(args.file, json.loads)  # warm the page cache
    for spec in args.cmd:
        name, _, cmd = spec.partition("=")
        argv = shlex.split(cmd)
        report(name, best_of(args.runs, lambda argv=argv: run_cmd(argv)))
    report("python json", best_of(args.runs, lambda: in_process(args.file, json.loads)))
    try:
        import orjson
    except ImportError:
        print("orjson           (not installed: run inside the bench venv)")
    else:
        report("orjson", best_of(args.runs, lambda: in_process(args.file, orjson.loads)))

    for spec in args.cmd:
        name = spec.partition("=")[0]
        for peer in ("python json", "orjson"):
            if peer in results:
                (pw, pc), (nw, nc) = results[peer], results[name]
                print(f"{name} / {peer}: {pw / nw:.2f}x the speed ({pc / nc:.2f}x by CPU time)")


if __name__ == "__main__":
    main()
