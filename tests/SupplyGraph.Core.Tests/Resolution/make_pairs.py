#!/usr/bin/env python3
"""Builds resolution-pairs.tsv from the shared data (run from this folder; SUPPLYGRAPH_SHARED or ../../../../shared).

The index the records are resolved against (built by ResolutionEvaluationTests from the same files): every entry of the
BIS Entity List (el:N), the MEU list (meu:N), OFAC's NS-CMIC list (nscmic:N) and the DoD 1260H list (dod:N), each its
own entity as published; the OpenSanctions FtM parties (ftm:ID) with their Latin names only (HELD_OUT names removed);
and synthetic targets (synthetic) for the rules that need a party the files do not have.

Rows, each naming its rule in the comment column:

Real pairs (hand-labelled; see SAME / DIFFERENT below for the evidence of each):
  list-entry     every MEU, NS-CMIC and 1260H entry as a record. `same` when it is labelled the same party as an entry
                 of another list; `new` when nothing in the other lists is that party: every candidate that shares at
                 least half its words with it (the scan in candidates()) was looked at and labelled different.
  list-different a candidate pair of entries labelled different parties (parent and subsidiary, sister companies,
                 an acronym two parties share): the record must not join that target.
  csl            the 12 rows of the trade.gov CSL sample; three are entries of the lists above.
  cross-script   an FtM party's Cyrillic names as a record against its Latin names (OpenSanctions grouped them as one
                 party from the sanctions lists that publish both); `different` against the other people of the Zakharov
                 family and against a Russian company of the same name with another INN.
  translit       an FtM party's other Latin spelling (Czech/German/Belarusian transliteration) against its Latin names.

Rule-derived variants of real Entity List entries (robustness, not the real distribution):
  parenthetical  "Outer (ACR)" written without the parenthetical, upper case -> same
  suffix         the name with its city and province appended -> same
  compound       "Parent. Affiliated Entity: Child" where Child is an alias of the entry -> same
  encoding / typo / translit-rule   one letter lost to ? or ", dropped, or sh/ch kh/h ou/u swapped -> same
  sibling        two Entity List entries whose names differ only by a number or place -> different
Synthetic (the shared lists carry no dates of birth and no Person/Company namesakes):
  dob            same person name, born 1985-08-30 vs 1979-08-01 -> different; same year -> same
  person-company same name, one a Person, one a Company -> different
  country        same name registered in Japan and China (Kingsemi Japan K.K.) -> different
"""
import csv, json, os, re, random, unicodedata

random.seed(7)
shared = os.environ.get("SUPPLYGRAPH_SHARED") or os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared"))
def load(name): return json.load(open(os.path.join(shared, "data", "entity-lists", name)))["entities"]
LISTS = {"el": load("bis_entity_list.json"), "meu": load("bis_meu.json"), "nscmic": load("ofac_nscmic.json"), "dod": load("dow_1260h.json")}
el = LISTS["el"]
NOISE = set("co ltd inc llc corp corporation company limited gmbh plc sa ag jsc pjsc ojsc cjsc ooo oao zao pte sdn bhd srl bv nv the of and group".split())
def toks(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn" and c not in "'’.")
    t = re.sub(r"[^0-9a-zA-Z]+", " ", s).lower().split()
    return [x for x in t if x not in NOISE] or t
def key(s): return " ".join(toks(s))
def entry(ref):
    src, i = ref.split(":"); return LISTS[src][int(i)]

# Hand-labelled cross-list pairs. Evidence: the same name after legal forms under the same country; an alias one list
# gives for the other's name; the companies' own renamings; NS-CMIC's "Linked To:" notes and USCCs for parents and
# subsidiaries that are different legal persons.
SAME = [
    ("dod:1", "nscmic:2", "Aerospace CH UAV: same name, both cite CH UAV"),
    ("dod:2", "el:194", "Aerosun Corporation: same name"), ("dod:2", "nscmic:3", "Aerosun Corporation: same name"),
    ("dod:5", "el:976", "Autel Robotics is the Entity List's alias of Shenzhen Daotong Intelligent Aviation"),
    ("dod:6", "nscmic:5", "AVIC: same name"),
    ("dod:18", "el:372", "JOUAV is the Entity List's alias of Chengdu Zongheng Automation"),
    ("dod:20", "nscmic:15", "CASIC: same name"),
    ("dod:22", "nscmic:22", "CCCG: same name"),
    ("dod:25", "nscmic:23", "CEC: same name"),
    ("dod:26", "nscmic:24", "CETC: same name"),
    ("dod:27", "nscmic:25", "CGN: same name"), ("nscmic:25", "el:433", "China General Nuclear Power Corporation (CGNPC)"),
    ("nscmic:25", "el:434", "CGNPC was renamed China General Nuclear Power Group in 2013"),
    ("dod:29", "nscmic:26", "China Mobile Communications Group: same name"),
    ("dod:32", "nscmic:29", "CNNC: same name"), ("dod:33", "nscmic:30", "CNOOC: same name"),
    ("dod:34", "nscmic:31", "Norinco Group: same name"), ("dod:35", "nscmic:37", "CSGC: same name, Corporation vs Co., Ltd."),
    ("dod:36", "nscmic:38", "China SpaceSat: same name"), ("dod:38", "nscmic:34", "CSSC: NS-CMIC gives the name with Limited as alias"),
    ("dod:39", "nscmic:40", "NS-CMIC gives China Telecom Group Co., Ltd. as alias of China Telecommunications Corporation"),
    ("dod:41", "nscmic:41", "China Unicom group: same name"),
    ("dod:42", "el:495", "CloudWalk Technology"), ("dod:42", "nscmic:43", "CloudWalk Technology"),
    ("dod:46", "nscmic:45", "COMEC: same name"),
    ("dod:47", "el:1056", "Dawning Information Industry is the Entity List's alias of Sugon"), ("dod:47", "nscmic:47", "Dawning: same name"),
    ("dod:51", "el:585", "Hikvision: same name"), ("dod:51", "nscmic:50", "Hikvision: same name"),
    ("dod:54", "nscmic:52", "Huawei Investment & Holding: same name"),
    ("dod:55", "el:679", "Inspur Group: same name"), ("dod:55", "nscmic:53", "Inspur Group: same name"),
    ("dod:58", "el:802", "NetPosa"), ("dod:58", "nscmic:58", "NetPosa Technologies: same name"),
    ("dod:66", "el:881", "SMIC: the Entity List adds (SMIC)"), ("dod:66", "nscmic:62", "SMIC: same name"),
    ("dod:67", "nscmic:63", "SenseTime Group Inc. was SenseTime Group Limited before its 2021 listing"),
    ("dod:69", "el:513", "DJI: the Entity List's name; Shenzhen DJI Sciences and Technologies is its alias"),
    ("dod:69", "nscmic:65", "SZ DJI Technology: SZ is Shenzhen"),
    ("dod:77", "el:1211", "YMTC: same name"),
    ("dod:78", "el:506", "Dahua Technology is Zhejiang Dahua Technology"),
    ("nscmic:6", "meu:10", "AVIC Aircraft Co., Ltd. renamed AVIC Xi'an Aircraft Industry Group in 2018; OFAC gives the old name"),
    ("nscmic:13", "el:674", "Inner Mongolia First Machinery Group: same name"),
    ("nscmic:17", "el:342", "Changsha Jingjia Microelectronics: same name"),
    ("nscmic:21", "el:398", "China Communications Construction Company Ltd.: same name"),
    ("nscmic:44", "el:496", "CNOOC Limited: the Entity List appends '(a subsidiary of ...)' to the name"),
    ("nscmic:48", "el:542", "Fujian Torch Electron Technology: same name"),
    ("nscmic:51", "el:651", "Huawei Technologies Co., Ltd.: same name"),
    ("nscmic:55", "el:737", "Leon Technology: same name"),
    ("nscmic:60", "el:3391", "Proven Glory (the Entity List files the British Virgin Islands under the United Kingdom)"),
    ("nscmic:61", "el:3392", "Proven Honour (as Proven Glory)"),
    ("nscmic:65", "el:513", "SZ DJI Technology is the Entity List's alias of DJI"),
    ("nscmic:66", "el:1186", "Xiamen Meiya Pico Information: same name"),
    ("meu:33", "dod:50", "Guizhou Aviation Tech. Dev. is the MEU's abbreviation of Guizhou Aviation Technical Development"),
]
# Candidate pairs looked at and labelled different parties; every other candidate of the scan is different by its
# distinctive words (another city, another number, another trade name) and is listed by candidates().
DIFFERENT = [
    ("dod:10", "el:250", "BGI Group (genomics) vs Beijing Graphene Institute, whose alias is also BGI"),
    ("dod:15", "el:421", "CETC Digital Technology Co., Ltd. (the listed company) vs the 32nd Institute (alias CETC Digital Technology (Group))"),
    ("dod:22", "el:398", "CCCG (the group) vs CCCC (its listed company)"), ("dod:22", "nscmic:21", "CCCG vs CCCC: two USCCs"),
    ("dod:29", "nscmic:27", "China Mobile Communications Group vs China Mobile Limited (Linked To the group)"),
    ("dod:33", "nscmic:44", "CNOOC vs CNOOC Limited (Linked To CNOOC)"), ("dod:33", "el:496", "CNOOC vs CNOOC Limited"),
    ("nscmic:30", "el:496", "CNOOC vs CNOOC Limited"),
    ("dod:39", "nscmic:39", "China Telecom Group vs China Telecom Corporation Limited (its listed company)"),
    ("dod:41", "nscmic:42", "China Unicom group vs China Unicom (Hong Kong) Limited"),
    ("dod:54", "nscmic:51", "Huawei Investment & Holding vs Huawei Technologies: two USCCs"),
    ("dod:66", "el:880", "SMIC vs SMIC Beijing"), ("dod:66", "el:882", "SMIC vs SMIC Shenzhen"), ("dod:66", "el:883", "SMIC vs SMIC Tianjin"),
    ("dod:68", "nscmic:67", "Shanghai Yitu Network Technology vs Yitu Limited (Cayman Islands)"),
    ("dod:77", "el:1537", "YMTC vs Yangtze Memory Technologies (Japan) Inc."),
    ("nscmic:22", "el:398", "CCCG vs CCCC"), ("nscmic:54", "el:702", "Jiangxi Hongdu Aviation Industry Co. (listed) vs its group"),
    ("nscmic:24", "nscmic:23", "CETC vs CEC"), ("dod:25", "nscmic:24", "CEC vs CETC"),
]
# Pairs whose evidence is not enough either way: left out of the counts (listed in the README).
UNSURE = {("nscmic:6", "meu:66"), ("nscmic:11", "meu:54"), ("nscmic:56", "el:758"), ("dod:68", "el:1218"), ("nscmic:67", "el:1218"),
          ("dod:0", "el:850"), ("dod:0", "el:3393"), ("ftm:NK-nR5AXM9AVPq4pQaSPSaVam", "el:2605"), ("ftm:NK-cWSvGMvufNH5KwEV88FwTA", "el:2710")}

rows = []
def row(expect, target, target_name, target_country, record_source, rec_label, rec_name, rec_aliases, rec_country, comment,
        rec_dob="", target_dob="", target_label="", rec_ids=""):
    rows.append([expect, target, target_name, target_country or "", target_label, target_dob, record_source, rec_label, rec_name,
                 "|".join(rec_aliases), rec_country or "", rec_dob, rec_ids, comment])

def candidates():
    """Entries of other lists sharing at least half the words of an entry's name or an alias (normalized)."""
    pairs = set()
    for src in ["meu", "nscmic", "dod"]:
        for i, r in enumerate(LISTS[src]):
            rn = [set(toks(n)) for n in [r["name"]] + r["aliases"]]
            for k, entries in LISTS.items():
                if k == src:
                    continue
                for j, e in enumerate(entries):
                    for a in rn:
                        if any(a and b and len(a & b) / len(a | b) >= 0.5 for b in (set(toks(n)) for n in [e["name"]] + e["aliases"])):
                            pairs.add((f"{src}:{i}", f"{k}:{j}"))
                            break
    return pairs

labelled = {}
for a, b, why in SAME:
    labelled[(a, b)] = labelled[(b, a)] = ("same", why)
for a, b, why in DIFFERENT:
    labelled[(a, b)] = labelled[(b, a)] = ("different", why)
parent = {}
def find(x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x
for a, b, _ in SAME:
    parent[find(a)] = find(b)
for a, b, why in DIFFERENT:
    assert find(a) != find(b), f"{a} and {b} are labelled both same and different"
unsure_refs = {x for pair in UNSURE for x in pair}

# list-entry and list-different rows
cands = candidates()
for src in ["meu", "nscmic", "dod"]:
    for i, r in enumerate(LISTS[src]):
        ref = f"{src}:{i}"
        same = [b for (a, b), (lab, _) in labelled.items() if a == ref and lab == "same"]
        if same:
            t = sorted(same)[0]
            row("same", t, entry(t)["name"], entry(t)["country"], ref, "", r["name"], r["aliases"], r["country"], "list-entry: " + labelled[(ref, t)][1])
        elif ref not in unsure_refs:
            row("new", "", "", "", ref, "", r["name"], r["aliases"], r["country"], "list-entry: no other list has this party (every candidate labelled different)")
for (a, b) in sorted(cands):
    if (a, b) in UNSURE or (b, a) in UNSURE:
        continue
    if find(a) == find(b):
        continue  # one party by the labels, through a third entry
    lab, why = labelled.get((a, b), ("different", "different distinctive words (another city, number or trade name)"))
    if lab == "different":
        r = entry(a)
        row("different", b, entry(b)["name"], entry(b)["country"], a, "", r["name"], r["aliases"], r["country"], "list-different: " + why)

# CSL sample rows
for n, c in enumerate(csv.DictReader(open(os.path.join(shared, "data", "csl", "consolidated_sample_2025.csv"))), start=2):
    label = {"Individual": "Person", "Entity": "Company", "Vessel": "Vessel"}.get(c["type"], "")
    aliases = [a.strip() for a in c["alt_names"].split(";") if a.strip()]
    addresses = [a.strip() for a in c["addresses"].split(";") if a.strip()]
    country = next((a.rsplit(",", 1)[-1].strip() for a in addresses if re.fullmatch(r"[A-Z]{2}", a.rsplit(",", 1)[-1].strip())), "")
    dob = c["dates_of_birth"].split(";")[0].strip()
    ids = ";".join(f"{re.sub(r'[^a-z0-9]+', '-', p.split(',')[0].strip().lower()).strip('-')}={p.split(',')[1].strip()}"
                   for p in c["ids"].split(";") if p.count(",") >= 1 and re.search(r"(passport|registration|number)", p.split(",")[0], re.I))
    # The CSL rows of the MEU and Entity List are those lists' entries of the same name; SSI's Rosneft Trade Limited is
    # the Entity List's (Cyprus, same name). No other row's party is on the four lists (candidates() finds none).
    t = None
    for k, entries in (("meu", LISTS["meu"]), ("el", el)):
        for j, e in enumerate(entries):
            if e["name"].lower() == c["name"].lower():
                t = t or f"{k}:{j}"
    if t:
        row("same", t, entry(t)["name"], entry(t)["country"], f"csl:{n}", label, c["name"], aliases, country,
            "csl: the CSL row of this list entry" if c["source"].startswith(("Military", "Entity List")) else "csl: SSI's Rosneft Trade Limited is the Entity List's (Cyprus, same name)", rec_dob=dob, rec_ids=ids)
    else:
        row("new", "", "", "", f"csl:{n}", label, c["name"], aliases, country, "csl: a party none of the four lists names", rec_dob=dob, rec_ids=ids)

# FtM: cross-script and transliteration
HELD_OUT = {  # other Latin spellings kept out of the target and used as records
    "NK-aU5ybkbRFJucf8YMwsJvDw": ["Aleksandr Vjačeslavovič Zacharov", "Zacharov Aleksandr Vjačeslavovič", "Aleksandr Vjačeslavovič ZACHAROV", "Zakharov Oleksandr Viacheslavovych"],
    "NK-2KeUB68qUJtykm3BuAcazG": ["Tatiana Vladimirovna ZJURAVLEVA", "Tetiana Volodymyrivna ZJURAVLEVA"],
    "NK-2Mht2rqBeravCTdyQAWc4o": ["Svetlana Pavlovna POCHODOVA", "Svjatlana Pachodavová", "Sviatlana Pavlavna PACHODAVOVÁ", "Svjatlana Paulauna PACHODAVA", "Sviatlana Paulauna PAKHODAVA"],
    "NK-2Myxbs6wX9xFKGoQn3sLaY": ["Viktor Vladimirovitj Sojko", "Viktar Uladzimiravitj Sojka"],
    "NK-2Ka3UvopqbpZmVDFjWd4LA": ["Vitalij Kuzmenko"],
    "NK-iE6m5ryPeTAMZozfECVSL7": ["OOO AEROSKAN", "Aeroskan OOO", "OOO Aeroskan", "Limited Liability Company \"Aeroskan\""],
    "NK-hUAjuiA3vTKXF6v2X6MYnS": ["Lavrentiy Aleksandrovich ZAKHAROV", "Lavrentiy Aleksandrovich Zakharov", "Lavrentiy ZAKHAROV"],
    "NK-JseaPJctnK9o8wrmz8xmoT": ["Zakharov Mykyta Oleksandrovych"],
}
TRANSLIT_RECORD = {  # which held-out spelling is the record (the others stay out of both)
    "NK-aU5ybkbRFJucf8YMwsJvDw": "Aleksandr Vjačeslavovič Zacharov", "NK-2KeUB68qUJtykm3BuAcazG": "Tatiana Vladimirovna ZJURAVLEVA",
    "NK-2Mht2rqBeravCTdyQAWc4o": "Svetlana Pavlovna POCHODOVA", "NK-2Myxbs6wX9xFKGoQn3sLaY": "Viktor Vladimirovitj Sojko",
    "NK-2Ka3UvopqbpZmVDFjWd4LA": "Vitalij Kuzmenko", "NK-iE6m5ryPeTAMZozfECVSL7": "OOO AEROSKAN",
    "NK-hUAjuiA3vTKXF6v2X6MYnS": "Lavrentiy Aleksandrovich ZAKHAROV",
}
def cyrillic(s): return re.search(r"[\u0400-\u04FF]", s) is not None
def latin(s): return not cyrillic(s) and re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0370-\u03ff]", s) is None
ftm = []
for f in ["opensanctions_zala_aero_cluster.ftm.json", "opensanctions_eu_fsf_sample.ftm.json"]:
    for line in open(os.path.join(shared, "data", "ftm", f)):
        d = json.loads(line)
        if d["schema"] in ("Person", "Company", "Organization", "LegalEntity"):
            ftm.append(d)
def names_of(d): return list(dict.fromkeys(d["properties"].get("name", []) + d["properties"].get("alias", []) + d["properties"].get("previousName", [])))
persons = [d for d in ftm if d["schema"] == "Person"]
IDS = [("innCode", "inn"), ("ogrnCode", "ogrn"), ("registrationNumber", "registration-number"), ("taxNumber", "tax-number")]
for d in ftm:
    p = d["properties"]; names = names_of(d)
    lat = [n for n in names if latin(n) and n not in HELD_OUT.get(d["id"], [])]
    cyr = [n for n in names if cyrillic(n)]
    label = "Person" if d["schema"] == "Person" else "Company" if d["schema"] == "Company" else ""
    country = (p.get("country") or [""])[0].upper()
    dob = (p.get("birthDate") or [""])[0]
    if lat:
        # The index entity: the party's Latin names and first identifiers; the test builds it from this line.
        ids = ";".join(f"{scheme}={p[prop][0]}" for prop, scheme in IDS if p.get(prop))
        row("target", "ftm:" + d["id"], lat[0], country, "", "", "", lat[1:], "", "target: an FtM party by its Latin names (aliases and identifiers in the record columns)",
            target_dob=dob, target_label=label, rec_ids=ids)
    if lat and cyr:
        row("same", "ftm:" + d["id"], lat[0], country, "ftm:" + d["id"], label, cyr[0], cyr[1:], country,
            "cross-script: the party's Cyrillic names against its Latin names (one OpenSanctions party)", rec_dob=dob)
    if d["id"] in TRANSLIT_RECORD:
        row("same", "ftm:" + d["id"], lat[0], country, "ftm:" + d["id"], label, TRANSLIT_RECORD[d["id"]], [], country,
            "translit: another Latin spelling of the same OpenSanctions party", rec_dob=dob)
# OpenSanctions parties that the Entity List names (their datasets include us_trade_csl; same name, Russia)
FTM_ON_EL = [("ftm:NK-abdzbEBkqyT29GyREbiURZ", "el:2924", "ZALA Aero Group (CST LLC)"), ("ftm:NK-nR5AXM9AVPq4pQaSPSaVam", "el:2399", "Kalashnikov Concern, Izhevsk"),
             ("ftm:NK-iE6m5ryPeTAMZozfECVSL7", "el:1869", "Aeroscan LLC (alias OOO Aeroskan on both)"), ("ftm:NK-cWSvGMvufNH5KwEV88FwTA", "el:1949", "Bespilotnye Sistemy LLC")]
for f_id, el_ref, why in FTM_ON_EL:
    d = next(x for x in ftm if "ftm:" + x["id"] == f_id)
    e = entry(el_ref)
    lat = [n for n in names_of(d) if latin(n) and n not in HELD_OUT.get(d["id"], [])]
    row("same", f_id, lat[0], "RU", el_ref, "", e["name"], e["aliases"], e["country"], "ftm-list: the Entity List's entry of an OpenSanctions party: " + why)
# the Zakharov family: same surname, other people (each born on another day)
family = [d for d in persons if any("Zakharov" in n or "ZAKHAROV" in n for n in names_of(d))]
for a in family:
    for b in family:
        if a is not b:
            cyr = [n for n in names_of(a) if cyrillic(n)]
            lat_b = [n for n in names_of(b) if latin(n) and n not in HELD_OUT.get(b["id"], [])]
            row("different", "ftm:" + b["id"], lat_b[0], "RU", "ftm:" + a["id"], "Person", cyr[0], cyr[1:], "RU",
                "cross-script: another member of the Zakharov family", rec_dob=a["properties"]["birthDate"][0])
# a Russian LLC named like Zala Aero's CST, with another INN
cst = next(d for d in ftm if d["id"] == "ru-inn-5920040846")
row("different", "ftm:NK-abdzbEBkqyT29GyREbiURZ", "LLC CST", "RU", "ftm:ru-inn-5920040846", "Company", cst["properties"]["name"][0], [], "",
    "cross-script: OOO \"CST\" with INN 5920040846 is not Zala Aero's CST (INN 1841015504)", rec_ids="inn=5920040846")

# Rule-derived variants of Entity List entries
def elref(e): return f"el:{el.index(e)}"
ents = [e for e in el if e["country"] in ("China", "Russia", "Iran", "Pakistan", "United Arab Emirates", "Hong Kong")]
for e in el:
    m = re.match(r"^(.*\S)\s*\(([A-Z][A-Z0-9\- ]{1,10})\)$", e["name"])
    if m and len(key(m.group(1)).split()) >= 2:
        row("same", elref(e), e["name"], e["country"], "variant", "Company", m.group(1).upper(), [], e["country"], "parenthetical: the name without '(" + m.group(2) + ")', upper case as NS-CMIC writes names")
cities = re.compile(r"\b(Beijing|Shanghai|Wuhan|Shenzhen|Chengdu|Xi'an|Tianjin|Harbin|Nanjing|Moscow|Tehran)\b")
n = 0
for e in ents:
    m = cities.search(e["address"] or "")
    if m and "(" not in e["name"] and len(key(e["name"]).split()) >= 2 and n < 60:
        n += 1
        row("same", elref(e), e["name"], e["country"], "variant", "Company", e["name"] + ", " + m.group(1) + ", " + ("Hubei" if m.group(1) == "Wuhan" else m.group(1)), [], e["country"], "suffix: city appended as in converted CSL rows")
n = 0
for e in el:
    if "Huawei" in e["name"] or "Academy" in e["name"]:
        for a in e["aliases"]:
            if len(key(a).split()) >= 2 and n < 25 and key(a) not in (key(x["name"]) for x in el):
                n += 1
                row("same", elref(e), e["name"], e["country"], "variant", "Company", e["name"] + ". Affiliated Entity: " + a, [], e["country"], f"compound: the child '{a}' is an alias of the entry")
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
        rule = "translit-rule: sh/ch, kh/h or ou/u"
        if rec is None or rec == nm:
            n += 1
            continue
    n += 1
    if n > 150:
        break
    row("same", elref(e), nm, e["country"], "variant", "Company", rec, [], e["country"], rule)
keys = {}
for e in el:
    keys.setdefault(re.sub(r"\d+|\((beijing|shanghai|shenzhen|tianjin)\)", "#", e["name"].lower()), []).append(e)
for k, es in keys.items():
    if len(es) >= 2 and len({x["name"] for x in es}) >= 2:
        a, b = es[0], next(x for x in es if x["name"] != es[0]["name"])
        row("different", elref(a), a["name"], a["country"], "sibling-of-" + elref(b), "", b["name"], b["aliases"], b["country"], f"sibling: '{b['name']}' and '{a['name']}' are separate Entity List entries")

# Synthetic
persons_el = [e for e in el if len(e["name"].split()) in (2, 3) and not re.search(r"(Co|Ltd|LLC|Company|Group|Trading|Inc|Center|Institute|University|Corporation)", e["name"], re.I)]
for i, e in enumerate(persons_el[:40]):
    row("different", "synthetic", e["name"], e["country"], "variant", "Person", e["name"], [], e["country"], "dob: same name, born 1985-08-30 vs 1979-08-01 (two people)",
        rec_dob="1979-08-01", target_dob="1985-08-30", target_label="Person")
    if i % 4 == 0:
        row("same", "synthetic", e["name"], e["country"], "variant", "Person", e["name"], [], e["country"], "dob: same name and the same year of birth (1979 vs 1979-08-01)",
            rec_dob="1979-08-01", target_dob="1979", target_label="Person")
for e in persons_el[40:70]:
    row("different", "synthetic", e["name"], e["country"], "variant", "Person", e["name"], [], e["country"], "person-company: the target is a Company of the same name", target_label="Company")
row("different", "synthetic", "Kingsemi Japan K.K.", "Japan", "variant", "Company", "Kingsemi Co., Ltd.", ["Kingsemi"], "China", "country: the Chinese Kingsemi is not Kingsemi Japan K.K.", target_label="Company")
for e in [x for x in el if x["country"] == "China"][:30]:
    row("different", "synthetic", e["name"], "Japan", "variant", "Company", e["name"], [], "China", "country: a namesake registered in Japan", target_label="Company")

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "resolution-pairs.tsv"), "w", newline="") as f:
    f.write("# Labelled record/target pairs for ResolutionEvaluationTests; generated by make_pairs.py (rules and evidence in its docstring and tables).\n")
    f.write("# expect\ttarget\ttarget_name\ttarget_country\ttarget_label\ttarget_dob\trecord_source\trecord_label\trecord_name\trecord_aliases\trecord_country\trecord_dob\trecord_ids\tcomment\n")
    for r in rows:
        f.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) + "\n")
from collections import Counter
print(len(rows), Counter(r[0] for r in rows), Counter(r[13].split(":")[0] for r in rows))
