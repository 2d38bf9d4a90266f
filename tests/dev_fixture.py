"""Toy dev sets in the formats of ../shared/data/dev, aligned with the toy taxonomy.

Written for the tests (Dutch job titles and vacancy sentences made up here), so the evaluation
suite runs without ../shared: ``melo_bel/`` (MELO: queries, corpus elements, concept mapping,
annotations) and ``skill_extraction/`` (TECH and HOUSE validation CSVs with gold ESCO labels).
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.esco_fixture import OCCUPATION_NS, OCCUPATIONS

#: Query → key of the toy occupation it names.
MELO_QUERIES = {
    "Winkelbediende supermarkt": "shop_assistant",
    "Vakkenvuller": "shop_assistant",
    "Kok restaurant": "cook",
    "Verpleegkundige algemene zorg": "nurse",
    "Programmeur": "software_developer",
    "Stewardess": "flight_attendant",
    "Chauffeur verhuiswagen": "truck_driver",
}

TECH = [
    ("We are looking for a developer who writes JavaScript and Python.", "JavaScript"),
    (
        "We are looking for a developer who writes JavaScript and Python.",
        "Python (computer programming)",
    ),
    ("You debug software and apply software design patterns.", "debug software"),
    ("You debug software and apply software design patterns.", "use software design patterns"),
    ("Experience with SQL and other query languages.", "use query languages"),
    ("Our benefits include a bicycle plan.", "LABEL NOT PRESENT"),
]
HOUSE = [
    ("You operate the cash register and stock the shelves.", "operate cash register"),
    ("You operate the cash register and stock the shelves.", "stock shelves"),
    ("Prepare meals with modern cooking techniques.", "use cooking techniques"),
    (
        "Comply with food safety and hygiene rules in the kitchen.",
        "comply with food safety and hygiene",
    ),
    ("Provide first aid to passengers when needed.", "provide first aid"),
]


def write_toy_dev_sets(root: Path) -> Path:
    """Write both sets under ``root`` and return it (the layout ``DevSets.under`` expects)."""
    melo = root / "melo_bel"
    melo.mkdir(parents=True, exist_ok=True)
    elements, mapping, by_key = [], [], {}
    for n, occupation in enumerate(OCCUPATIONS, start=1):
        labels = [occupation.nl, *occupation.nl_alt] if occupation.nl else [occupation.en]
        for i, label in enumerate(labels):
            cid = f"C{n:06d}_nl_{i:03d}"
            elements.append((cid, label))
            mapping.append((cid, OCCUPATION_NS + occupation.uuid))
            by_key.setdefault(occupation.key, []).append(cid)
    queries, annotations = [], []
    for q, (text, key) in enumerate(MELO_QUERIES.items(), start=1):
        qid = f"Q{q:06d}"
        queries.append((qid, text))
        annotations += [(qid, "0", cid, "1") for cid in by_key[key]]
    for name, rows in {
        "queries.tsv": queries,
        "corpus_elements.tsv": elements,
        "concept_mapping.tsv": mapping,
        "annotations.tsv": annotations,
    }.items():
        with (melo / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    skills = root / "skill_extraction"
    skills.mkdir(parents=True, exist_ok=True)
    for subset, rows in {"tech": TECH, "house": HOUSE}.items():
        with (skills / f"{subset}_validation_annotations.csv").open(
            "w", encoding="utf-8", newline=""
        ) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["sentence", "span", "sub_span", "label"])
            writer.writerows([(sentence, "", "", label) for sentence, label in rows])
    return root
