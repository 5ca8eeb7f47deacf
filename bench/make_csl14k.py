"""Writes a 14,000-row trade.gov CSL CSV (2025 layout) from the shared Entity List, for import timings.

Each Entity List entry appears as published (with its aliases), with ", Wuhan, Hubei" appended, in upper case, and
with one letter lost to "?" (encoding loss): the joins, suffix matches and near misses a real CSL import meets.
Usage: python3 bench/make_csl14k.py [OUT.csv]   (default /tmp/csl14k.csv)
"""
import csv
import json
import os
import sys

shared = os.environ.get("SUPPLYGRAPH_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
entities = json.load(open(os.path.join(shared, "data", "entity-lists", "bis_entity_list.json")))["entities"]
header = open(os.path.join(shared, "data", "csl", "consolidated_sample_2025.csv")).readline().strip().split(",")
iso = {"China": "CN", "Russia": "RU", "Iran": "IR", "Hong Kong": "HK", "United Arab Emirates": "AE", "Pakistan": "PK"}
out = csv.writer(open(sys.argv[1] if len(sys.argv) > 1 else "/tmp/csl14k.csv", "w", newline=""), quoting=csv.QUOTE_ALL)
out.writerow(header)
rows = 0


def row(name, country, aliases):
    global rows
    rows += 1
    r = dict.fromkeys(header, "")
    r.update({"_id": f"b{rows}", "source": "Entity List (EL) - Bureau of Industry and Security", "entity_number": str(rows),
              "type": "Entity", "name": name, "addresses": f"{country}, {iso.get(country, '')}" if country else "",
              "alt_names": "; ".join(aliases), "start_date": "2024-01-01"})
    out.writerow([r[k] for k in header])


for e in entities:
    name, country = e["name"], e.get("country") or ""
    half = len(name) // 2
    row(name, country, e.get("aliases") or [])
    row(name + ", Wuhan, Hubei", country, [])
    row(name.upper(), country, [])
    row(name[:half] + "?" + name[half + 1:], country, [])
    if rows >= 14000:
        break
while rows < 14000:
    e = entities[rows % len(entities)]
    row(f"{e['name']} {rows}", e.get("country") or "", [])
