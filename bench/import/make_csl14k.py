#!/usr/bin/env python3
"""Writes csl14k.csv: 14,000 trade.gov CSL rows (2025 layout) made from the shared Entity List, for timing an import
into the seeded store. Each of the 3,409 entries appears once per source list, as published, then with ", Wuhan,
Hubei" appended, upper case, with one letter lost to "?", then with a number appended (a new party), each round under
another CSL source so that the rounds are other lists' entries of the same parties.
Usage: python3 bench/import/make_csl14k.py OUT.csv   (SUPPLYGRAPH_SHARED or ../shared beside the repository)"""
import csv, json, os, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
shared = os.environ.get("SUPPLYGRAPH_SHARED") or os.path.join(os.path.dirname(root), "shared")
el = json.load(open(os.path.join(shared, "data", "entity-lists", "bis_entity_list.json")))["entities"]
header = next(csv.reader(open(os.path.join(shared, "data", "csl", "consolidated_sample_2025.csv"))))
SOURCES = ["Entity List (EL) - Bureau of Industry and Security", "Unverified List (UVL) - Bureau of Industry and Security",
           "Denied Persons List (DPL) - Bureau of Industry and Security", "Sectoral Sanctions Identifications (SSI) List - Treasury Department",
           "Nonproliferation Sanctions (ISN) - State Department"]

def variant(name, k):
    if k == 1:
        return name + ", Wuhan, Hubei"
    if k == 2:
        return name.upper()
    if k == 3:
        i = len(name) // 2
        return name[:i] + "?" + name[i + 1:] if name[i].isalpha() else name
    return name if k == 0 else f"{name} {k}"

rows, k = [], 0
while len(rows) < 14000:
    for e in el[: 14000 - len(rows)]:
        r = dict.fromkeys(header, "")
        r.update(source=SOURCES[k % len(SOURCES)], entity_number=str(len(rows) + 1), name=variant(e["name"], k),
                 addresses=(e["address"] or "")[:200], alt_names="; ".join(e["aliases"]),
                 federal_register_notice=(e["federal_register"] or "").replace("\n", " "), start_date="2019-10-09")
        rows.append(r)
    k += 1
with open(sys.argv[1], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=header)
    w.writeheader()
    w.writerows(rows)
print(len(rows), "rows")
