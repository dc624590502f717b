#!/usr/bin/env python3
"""An independent reader of Cohort's full export, written from
docs/export-format.md alone (Python, not Cohort's Rust code).

    read_export.py EXPORT.zip FORMAT.md INFO.txt

Reads the zip, checks the JSON document's header, then every row of every
table against the fields and types the document lists (no field missing or
extra, every value of its documented type), reads each table's CSV back and
compares it with the JSON by the document's CSV rules, and finally counts
the records as the document says `cohort info` does and compares them with
INFO.txt (the output of `cohort info`). Exit 0 on success, 1 with a message.
"""
import csv
import io
import json
import re
import sys
import zipfile

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def documented(doc_text):
    """{table: [(field, type text)]} from the document's table sections."""
    tables, current = {}, None
    for line in doc_text.splitlines():
        m = re.match(r"^### `([a-z_]+)`$", line)
        if m:
            current = m.group(1)
            tables[current] = []
            continue
        m = re.match(r"^\| `([a-z_]+)` \| ([^|]+) \|", line)
        if m and current:
            tables[current].append((m.group(1), m.group(2).strip()))
    return tables


def check_value(where, ty, v):
    nullable = ty.endswith(", or null")
    ty = ty[: -len(", or null")] if nullable else ty
    if v is None:
        if not nullable:
            raise ValueError(f"{where}: null, but the document says {ty}")
        return
    if ty.startswith("string, one of "):
        allowed = re.findall(r"`([^`]*)`", ty)
        ok = v in allowed
    elif ty == "string":
        ok = isinstance(v, str)
    elif ty == "integer":
        ok = isinstance(v, int) and not isinstance(v, bool)
    elif ty == "number":
        ok = isinstance(v, (int, float)) and not isinstance(v, bool)
    elif ty == "integer (0 or 1)":
        ok = v in (0, 1) and not isinstance(v, bool)
    elif ty == "string (date)":
        ok = isinstance(v, str) and bool(DATE.match(v))
    elif ty == "string (time)":
        ok = isinstance(v, str) and bool(TIME.match(v))
    elif ty == "string (moment)":
        ok = isinstance(v, str) and bool(MOMENT.match(v))
    elif ty == "string (id)":
        ok = isinstance(v, str) and bool(UUID.match(v))
    elif ty == "string (JSON text)":
        ok = isinstance(v, str)
        json.loads(v)
    else:
        raise ValueError(f"{where}: the document names a type this reader does not know: {ty}")
    if not ok:
        raise ValueError(f"{where}: {v!r} is not {ty}")


def csv_cell(v):
    """A JSON value as the document says the CSV writes it."""
    if v is None:
        return ""
    if isinstance(v, str):
        return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
    return json.dumps(v)


def main():
    export, doc_path, info_path = sys.argv[1:4]
    fields = documented(open(doc_path, encoding="utf-8").read())
    z = zipfile.ZipFile(export)
    doc = json.loads(z.read("cohort-export/cohort-export.json"))
    if doc["format"] != "cohort-export" or doc["format_version"] != 1:
        sys.exit(f"not a version 1 export: {doc['format']} {doc['format_version']}")
    for key in ("schema_version", "app_version", "exported_at", "psychotherapy_notes_included", "tables"):
        if key not in doc:
            sys.exit(f"the document has no {key}")
    tables = doc["tables"]
    expected = set(fields) - ({"psychotherapy_notes"} if not doc["psychotherapy_notes_included"] else set())
    if set(tables) != expected:
        sys.exit(f"tables differ from the document: {sorted(set(tables) ^ expected)}")
    values = 0
    for name, rows in tables.items():
        names = [f for f, _ in fields[name]]
        for i, row in enumerate(rows):
            if list(row.keys()) != names and sorted(row.keys()) != sorted(names):
                sys.exit(f"{name} row {i}: fields {sorted(row)} are not the document's {names}")
            for f, ty in fields[name]:
                check_value(f"{name}[{i}].{f}", ty, row[f])
                values += 1
        raw = z.read(f"cohort-export/csv/{name}.csv")
        if not raw.startswith(b"\xef\xbb\xbf"):
            sys.exit(f"{name}.csv has no byte-order mark")
        lines = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
        if lines[0] != names:
            sys.exit(f"{name}.csv: header {lines[0]} is not {names}")
        if len(lines) - 1 != len(rows):
            sys.exit(f"{name}.csv: {len(lines) - 1} rows, the JSON {len(rows)}")
        for i, (line, row) in enumerate(zip(lines[1:], rows)):
            if line != [csv_cell(row[f]) for f in names]:
                sys.exit(f"{name}.csv row {i} differs from the JSON")

    counted = {
        "groups": len(tables["groups"]),
        "sessions": sum(1 for s in tables["sessions"] if s["status"] != "removed"),
        "saved templates": len(tables["curriculum_templates"]),
        "members": len(tables["members"]),
        "enrolled now": sum(1 for p in tables["places"] if p["stage"] == "enrolled"),
        "attendance marks": len(tables["attendance"]),
        "notes": len(tables["notes"]),
        "goals": len(tables["goals"]),
        "goal ratings": len(tables["goal_ratings"]),
        "measure results": len(tables["measure_results"]),
        "audit entries": len(tables["audit_log"]),
    }
    info = {}
    for line in open(info_path, encoding="utf-8"):
        m = re.match(r"^  (.+?)\s+(\d+)$", line.rstrip("\n"))
        if m:
            info[m.group(1)] = int(m.group(2))
    for label, n in counted.items():
        if label not in info:
            sys.exit(f"cohort info does not print {label!r}")
        if label == "audit entries":
            # The export's own entries, and the unlock of `cohort info`, come after it.
            if not n < info[label] <= n + 5:
                sys.exit(f"audit entries: {n} exported, {info[label]} in cohort info")
        elif info[label] != n:
            sys.exit(f"{label}: {n} in the export, {info[label]} in cohort info")
    print(f"export read: {len(tables)} tables, {sum(len(r) for r in tables.values())} rows, "
          f"{values} values of their documented types, every CSV equal to the JSON, counts as cohort info: "
          + ", ".join(f"{k} {v}" for k, v in counted.items()))


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as e:  # a reader's error, reported plainly
        sys.exit(f"could not read the export: {e}")
