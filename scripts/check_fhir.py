#!/usr/bin/env python3
"""An independent check of the FHIR R4 Bundle in Cohort's full export:
validated with the `fhir.resources` models of FHIR 4.0.1 (every resource,
every element's type and cardinality, no unknown element), then checked as
docs/export-format.md describes it.

    check_fhir.py EXPORT.zip

- every reference is a `urn:uuid:` of an entry in the Bundle;
- one Patient per member, Group per group, Encounter per mark of a member
  present, late or left early, QuestionnaireResponse and Observation per
  measure result, Goal per goal, DocumentReference per signed note and
  addendum (and psychotherapy note when included) — counted from the JSON
  of the same export;
- PHQ-9 and GAD-7 by their LOINC panel, item and total codes, their answers'
  scores adding up to the total, the Observation's total the same;
- every Encounter CPT 90853, its period forward in time.
Exit 0 on success, 1 with a message.
"""
import json
import sys
import zipfile
from datetime import datetime

import fhir.resources
from fhir.resources.bundle import Bundle

PANELS = {
    "http://loinc.org/q/44249-1": (["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
                                    "44253-3", "44260-8"], "44261-6"),
    "http://loinc.org/q/69737-5": (["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"],
                                   "70274-6"),
}
SCORES = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}


def references(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "reference":
                found.append(v)
            else:
                references(v, found)
    elif isinstance(node, list):
        for v in node:
            references(v, found)


def main():
    if fhir.resources.__fhir_version__ != "4.0.1":
        sys.exit(f"the models are FHIR {fhir.resources.__fhir_version__}, not R4 (4.0.1)")
    z = zipfile.ZipFile(sys.argv[1])
    raw = z.read("cohort-export/fhir-bundle.json")
    Bundle.parse_raw(raw)  # raises on anything R4 does not allow
    bundle = json.loads(raw)
    tables = json.loads(z.read("cohort-export/cohort-export.json"))["tables"]
    if bundle["type"] != "collection":
        sys.exit("not a collection Bundle")
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    if len(by_url) != len(bundle["entry"]):
        sys.exit("two entries share a fullUrl")
    refs = []
    references(bundle["entry"], refs)
    dangling = [r for r in refs if r not in by_url]
    if dangling:
        sys.exit(f"{len(dangling)} references point outside the Bundle, such as {dangling[0]}")

    kinds = {}
    for r in by_url.values():
        kinds.setdefault(r["resourceType"], []).append(r)
    attended = sum(1 for a in tables["attendance"] if a["status"] in ("present", "late", "left_early"))
    signed = sum(1 for n in tables["notes"] if n["signed_at"] is not None)
    documents = signed + len(tables["note_addenda"]) + len(tables.get("psychotherapy_notes", []))
    expected = {
        "Practitioner": 1, "Patient": len(tables["members"]), "Group": len(tables["groups"]),
        "Encounter": attended, "QuestionnaireResponse": len(tables["measure_results"]),
        "Observation": len(tables["measure_results"]), "Goal": len(tables["goals"]),
        "DocumentReference": documents,
    }
    for kind, n in expected.items():
        if len(kinds.get(kind, [])) != n:
            sys.exit(f"{kind}: {len(kinds.get(kind, []))} in the Bundle, {n} expected from the records")

    for e in kinds.get("Encounter", []):
        if e["type"][0]["coding"][0]["code"] != "90853":
            sys.exit("an Encounter is not CPT 90853")
        if datetime.fromisoformat(e["period"]["start"]) > datetime.fromisoformat(e["period"]["end"]):
            sys.exit("an Encounter ends before it starts")

    checked = 0
    totals = {}
    for qr in kinds.get("QuestionnaireResponse", []):
        q = qr.get("questionnaire")
        if q not in PANELS:
            continue
        items, total_code = PANELS[q]
        links = [i["linkId"] for i in qr["item"]]
        if links != items + [total_code]:
            sys.exit(f"{q}: items {links}")
        answers = [i.get("answer") for i in qr["item"][:-1]]
        total = qr["item"][-1]["answer"][0]["valueInteger"]
        if all(answers):
            score = sum(SCORES[a[0]["valueCoding"]["code"]] for a in answers)
            if score != total:
                sys.exit(f"{q}: answers add up to {score}, the total says {total}")
        totals["urn:uuid:" + qr["id"]] = (total_code, total)
        checked += 1
    for obs in kinds.get("Observation", []):
        source = obs["derivedFrom"][0]["reference"]
        if source in totals:
            code, total = totals[source]
            if obs["code"]["coding"][0]["code"] != code or obs.get("valueInteger") != total:
                sys.exit(f"an Observation of {source} does not carry its total")
    if not checked and tables["measure_results"]:
        sys.exit("no PHQ-9 or GAD-7 was found by its LOINC codes")
    print(f"FHIR R4 Bundle valid: {len(bundle['entry'])} resources "
          + ", ".join(f"{k} {len(v)}" for k, v in sorted(kinds.items()))
          + f"; {checked} PHQ-9/GAD-7 responses add up to their totals")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as e:  # a checker's error, reported plainly
        sys.exit(f"the FHIR Bundle does not pass: {e}")
