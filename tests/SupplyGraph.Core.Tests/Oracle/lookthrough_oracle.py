#!/usr/bin/env python3
"""Independent oracle for look-through shares: sum over all simple paths from the root of the product of stakes.

Input (argv[1]): TSV lines `owner<TAB>owned<TAB>low<TAB>high`; argv[2]: the root.
Output: JSON {node: [low, high]} for every node reachable from the root.
"""
import json
import math
import sys

import networkx as nx


def main():
    g = nx.MultiDiGraph()
    for line in open(sys.argv[1]):
        owner, owned, low, high = line.rstrip("\n").split("\t")
        g.add_edge(owner, owned, low=float(low), high=float(high))
    root = sys.argv[2]
    out = {}
    for node in nx.descendants(g, root):
        low = high = 0.0
        for path in nx.all_simple_edge_paths(g, root, node):
            low += math.prod(g.edges[e]["low"] for e in path)
            high += math.prod(g.edges[e]["high"] for e in path)
        out[node] = [low, min(high, 1.0)]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
