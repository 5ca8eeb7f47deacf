#!/usr/bin/env python3
"""Checks results_kuzu.json (bench/kuzu/kuzu-bench.mjs) against a plain breadth-first search over graph_1m.tsv.
Run in the folder that holds them (bench/out)."""
import json, collections, sys
adj = collections.defaultdict(list)
with open("graph_1m.tsv") as f:
    for line in f:
        a, b, _ = line.split("\t", 2)
        adj[int(a)].append(int(b))
listed = {int(x) for x in open("graph_1m_listed.txt") if x.strip()}
k = json.load(open("results_kuzu.json"))
def bfs(s, limit=None, target=None):
    dist = {s: 0}; q = collections.deque([s])
    while q:
        u = q.popleft()
        if limit is not None and dist[u] >= limit: continue
        for v in adj.get(u, ()):
            if v not in dist:
                dist[v] = dist[u] + 1
                if v == target: return dist
                q.append(v)
    return dist
pd = 0
for key, hops in k["answers"]["pairs"].items():
    a, b = map(int, key.split())
    d = bfs(a, target=b).get(b, -1) if a != b else 0
    if d != hops: pd += 1; print("pair", key, "kuzu", hops, "bfs", d)
ed = 0
for s, parties in k["answers"]["exposure"].items():
    s = int(s)
    mine = {v for v, d in bfs(s, limit=4).items() if v in listed and v != s}
    if mine != set(parties) - {s}: ed += 1; print("exposure", s, len(mine), len(parties))
print(f"pairs differ {pd} of {len(k['answers']['pairs'])}; exposure differ {ed} of {len(k['answers']['exposure'])}")
