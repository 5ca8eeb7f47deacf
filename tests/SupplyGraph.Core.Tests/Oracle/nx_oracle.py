#!/usr/bin/env python3
"""Independent oracle for the differential tests: NetworkX answers the same questions on the same graph.

Input (argv[1]): a JSON file {"edges": [[src, dst, type], ...], "nodes": N, "pairs": [[a, b], ...],
"sources": [s, ...], "hops": k, "types": [allowed types]}.
Output (stdout): JSON with shortest-path lengths (directed, typed-directed, undirected; -1 when unreachable)
and the sets reachable within k hops (directed and undirected) per source.
"""
import json
import sys

import networkx as nx


def lengths(graph, pairs):
    out = []
    for a, b in pairs:
        try:
            out.append(nx.shortest_path_length(graph, a, b))
        except nx.NetworkXNoPath:
            out.append(-1)
    return out


def main():
    q = json.load(open(sys.argv[1]))
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(q["nodes"]))
    for s, d, t in q["edges"]:
        g.add_edge(s, d, type=t)
    allowed = set(q["types"])
    typed = nx.MultiDiGraph()
    typed.add_nodes_from(range(q["nodes"]))
    typed.add_edges_from((s, d) for s, d, t in q["edges"] if t in allowed)
    undirected = g.to_undirected(as_view=True)
    k = q["hops"]
    print(json.dumps({
        "directed": lengths(g, q["pairs"]),
        "typed": lengths(typed, q["pairs"]),
        "undirected": lengths(undirected, q["pairs"]),
        "reach_out": [sorted(nx.single_source_shortest_path_length(g, s, cutoff=k)) for s in q["sources"]],
        "reach_both": [sorted(nx.single_source_shortest_path_length(undirected, s, cutoff=k)) for s in q["sources"]],
        "networkx": nx.__version__,
    }))


if __name__ == "__main__":
    main()
