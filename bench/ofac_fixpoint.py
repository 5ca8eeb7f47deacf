#!/usr/bin/env python3
"""Peer for the OFAC 50 % fixpoint benchmark: the same worklist algorithm in plain Python dicts.

Usage (in the folder holding the benchmark graph): python3 ofac_fixpoint.py [--reps 3]
Prints JSON: {"blocked": count, "median_ms": ..., "runs_ms": [...]}.
"""
import argparse
import json
import statistics
import time
from collections import defaultdict, deque


def fixpoint(owned_by_owner, seeds, threshold=0.5):
    blocked = set(seeds)
    aggregate = defaultdict(float)
    queue = deque(seeds)
    while queue:
        owner = queue.popleft()
        for owned, share in owned_by_owner.get(owner, ()):
            if owned in blocked:
                continue
            aggregate[owned] += share
            if aggregate[owned] >= threshold - 1e-9:
                blocked.add(owned)
                queue.append(owned)
    return blocked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--owns", default="graph_1m_owns_pct.tsv")
    ap.add_argument("--listed", default="graph_1m_listed.txt")
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    owned_by_owner = defaultdict(list)
    with open(a.owns) as f:
        for line in f:
            s, d, pct = line.rstrip("\n").split("\t")
            owned_by_owner[int(s)].append((int(d), float(pct) / 100.0))
    seeds = [int(x) for x in open(a.listed)]
    runs = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        blocked = fixpoint(owned_by_owner, seeds)
        runs.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"blocked": len(blocked), "median_ms": round(statistics.median(runs), 3), "runs_ms": [round(r, 3) for r in runs]}))


if __name__ == "__main__":
    main()
