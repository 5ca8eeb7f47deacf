#!/usr/bin/env python3
"""Builds resolution-pairs.tsv from the shared lists (run from this folder; SUPPLYGRAPH_SHARED or ../../../../shared).

Every row is one record to resolve against an index of the whole BIS Entity List (plus rows' synthetic targets).
Labels come from hand-checked rules, each row naming its rule in the comment column:
  cross-list     a MEU / NS-CMIC / 1260H entry whose name or an alias equals an Entity List entry's name or alias
                 (normalized) under the same country -> same (hand-checked: the lists cite the same party)
  parenthetical  an Entity List name "Outer (ACR)" written as other lists do: "OUTER" -> same; "ACR" alone -> same
  suffix         an Entity List name with its city and province appended (as the CSL writes some) -> same
  compound       "Parent. Affiliated Entity: Child" where Child is an alias of the entry -> same
  encoding       one letter of the name replaced by ? or a curly quote (People?s, Co”peratief) -> same
  translit       sh/ch, kh/h, ou/u swapped in the name -> same
  typo           one letter dropped from a long word -> same
  dob            same person name, different dates of birth -> different (synthetic target with the other date)
  person-company same name, one a Person, one a Company -> different
  country        same name, different countries (Kingsemi Japan vs the Chinese Kingsemi) -> different
  sibling        two Entity List entries whose names differ only by a number, place or subsidiary word -> different
"""
import csv, json, os, re, random, unicodedata

random.seed(7)
shared = os.environ.get("SUPPLYGRAPH_SHARED") or os.path.normpath(os.path.join(os.path.dirname(__file__), "../../../../shared"))
def load(name): return json.load(open(os.path.join(shared, "data", "entity-lists", name)))["entities"]
el = load("bis_entity_list.json")
NOISE = set("co ltd inc llc corp corporation company limited gmbh plc sa ag jsc pjsc ojsc cjsc ooo oao zao pte sdn bhd srl bv nv the of and".split())
def key(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn" and c not in "'’.")
    toks = re.sub(r"[^0-9a-zA-Z]+", " ", s).lower().split()
    kept = [t for t in toks if t not in NOISE]
    return " ".join(kept or toks)
def canon(c): return {"hong kong": "china", "macau": "china"}.get((c or "").lower(), (c or "").lower())

rows = []
def row(expect, target_name, target_country, rec_list, rec_label, rec_name, rec_aliases, rec_country, comment,
        rec_dob="", target_dob="", target_label="", synthetic=False):
    rows.append([expect, "synthetic" if synthetic else "el", target_name, target_country or "", target_label, target_dob,
                 rec_list, rec_label, rec_name, "|".join(rec_aliases), rec_country or "", rec_dob, comment])

by_key = {}
for e in el:
    for n in [e["name"]] + e["aliases"]:
        by_key.setdefault(key(n), []).append(e)

# cross-list: same name/alias and same country
for lst in ["bis_meu.json", "ofac_nscmic.json", "dow_1260h.json"]:
    for r in load(lst):
        hits = {}
        for n in [r["name"]] + r["aliases"]:
            for e in by_key.get(key(n), []):
                if canon(e["country"]) == canon(r["country"]):
                    hits[e["name"] + "|" + e["country"]] = e
        if len(hits) == 1:
            e = list(hits.values())[0]
            row("same", e["name"], e["country"], lst.split(".")[0], "Company", r["name"], r["aliases"], r["country"],
                f"cross-list: '{r['name']}' is '{e['name']}' on the Entity List (name or alias, same country)")

ents = [e for e in el if e["country"] in ("China", "Russia", "Iran", "Pakistan", "United Arab Emirates", "Hong Kong")]
# parenthetical
for e in el:
    m = re.match(r"^(.*\S)\s*\(([A-Z][A-Z0-9\- ]{1,10})\)$", e["name"])
    if m and len(key(m.group(1)).split()) >= 2:
        row("same", e["name"], e["country"], "other", "Company", m.group(1).upper(), [], e["country"], "parenthetical: the name without '(" + m.group(2) + ")', upper case as NS-CMIC writes names")
# suffix
cities = re.compile(r"\b(Beijing|Shanghai|Wuhan|Shenzhen|Chengdu|Xi'an|Tianjin|Harbin|Nanjing|Moscow|Tehran)\b")
n = 0
for e in ents:
    m = cities.search(e["address"] or "")
    if m and "(" not in e["name"] and len(key(e["name"]).split()) >= 2 and n < 60:
        n += 1
        row("same", e["name"], e["country"], "csl", "Company", e["name"] + ", " + m.group(1) + ", " + ("Hubei" if m.group(1) == "Wuhan" else m.group(1)), [], e["country"], "suffix: city appended as in converted CSL rows")
# compound
n = 0
for e in el:
    if "Huawei" in e["name"] or "Academy" in e["name"]:
        for a in e["aliases"]:
            if len(key(a).split()) >= 2 and n < 25 and key(a) not in (key(x["name"]) for x in el):
                n += 1
                row("same", e["name"], e["country"], "csl", "Company", e["name"] + ". Affiliated Entity: " + a, [], e["country"], f"compound: the child '{a}' is an alias of the entry")
# encoding, translit, typo
n = 0
for e in ents:
    nm = e["name"]
    if "(" in nm or len(nm) < 12:
        continue
    words = [w for w in re.findall(r"[A-Za-z]{7,}", nm)]
    if not words:
        continue
    w = words[0]
    if n % 3 == 0:
        i = len(w) // 2
        rec = nm.replace(w, w[:i] + random.choice("?”") + w[i + 1:], 1); rule = "encoding: one letter lost to ? or ”"
    elif n % 3 == 1:
        i = len(w) // 2
        rec = nm.replace(w, w[:i] + w[i + 1:], 1); rule = "typo: one letter dropped"
    else:
        rec = re.sub("sh", "ch", nm, count=1) if "sh" in nm else re.sub("kh", "h", nm, count=1) if "kh" in nm else re.sub("ou", "u", nm, count=1) if "ou" in nm else None
        rule = "translit: sh/ch, kh/h or ou/u"
        if rec is None or rec == nm:
            n += 1
            continue
    n += 1
    if n > 150:
        break
    row("same", nm, e["country"], "csl", "Company", rec, [], e["country"], rule)

# dob: same names, different birth dates (persons on the lists have none, so the target carries one)
persons = [e for e in el if len(e["name"].split()) in (2, 3) and not re.search(r"(Co|Ltd|LLC|Company|Group|Trading|Inc|Center|Institute|University|Corporation)", e["name"], re.I)]
for e in persons[:40]:
    row("different", e["name"] + " ", e["country"], "csl", "Person", e["name"], [], e["country"], "dob: same name, born 1985-08-30 vs 1979-08-01 (two people)",
        rec_dob="1979-08-01", target_dob="1985-08-30", target_label="Person", synthetic=True)
    row("same", e["name"] + "  ", e["country"], "csl", "Person", e["name"], [], e["country"], "dob: same name and the same year of birth (1979 vs 1979-08-01)",
        rec_dob="1979-08-01", target_dob="1979", target_label="Person", synthetic=True) if len(rows) % 4 == 0 else None
# person-company
for e in persons[40:70]:
    row("different", e["name"] + " ", e["country"], "csl", "Person", e["name"], [], e["country"], "person-company: the target is a Company of the same name", target_label="Company", synthetic=True)
# country: same name in another country
row("different", "Kingsemi Japan K.K.", "Japan", "csl", "Company", "Kingsemi Co., Ltd.", ["Kingsemi"], "China", "country: the Chinese Kingsemi is not Kingsemi Japan K.K.")
for e in [x for x in el if x["country"] == "China"][:30]:
    row("different", e["name"] + " ", "Japan", "csl", "Company", e["name"], [], "China", "country: a namesake registered in Japan", target_label="Company", synthetic=True)
# sibling entries
keys = {}
for e in el:
    keys.setdefault(re.sub(r"\d+|\((beijing|shanghai|shenzhen|tianjin)\)", "#", e["name"].lower()), []).append(e)
for k, es in keys.items():
    if len(es) >= 2 and len({x["name"] for x in es}) >= 2:
        a, b = es[0], next(x for x in es if x["name"] != es[0]["name"])
        row("different", a["name"], a["country"], "el", "", b["name"], b["aliases"], b["country"], f"sibling: '{b['name']}' and '{a['name']}' are separate Entity List entries")

with open("resolution-pairs.tsv", "w", newline="") as f:
    f.write("# Labelled record/target pairs for ResolutionEvaluationTests; generated by make_pairs.py (rules in its docstring).\n")
    f.write("# expect\ttarget_source\ttarget_name\ttarget_country\ttarget_label\ttarget_dob\trecord_list\trecord_label\trecord_name\trecord_aliases\trecord_country\trecord_dob\tcomment\n")
    w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    for r in rows:
        w.writerow([c.replace("\t", " ").replace("\n", " ") for c in r])
print(len(rows), sum(r[0] == "same" for r in rows))
