//! The full export: every table the vault holds as JSON and CSV, and the
//! records as FHIR R4, in one zip — read back here with the zip and csv
//! crates; docs/export-format.md names every table and field, exactly.
//! (scripts/read_export.py and scripts/check_fhir.py read it again, in
//! Python, in `make test`.)

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use cohort::full_export::{self, tables};
use cohort::values::Timestamp;
use cohort::ErrorCode;
use common::backups::*;
use common::*;
use serde_json::Value;

fn entries(zip_bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().unwrap().to_string(), b);
    }
    out
}

#[test]
fn the_document_names_every_exported_table_and_field_and_nothing_else() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/export-format.md")).unwrap();
    let mut documented: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in doc.lines() {
        if let Some(t) = line.strip_prefix("### `").and_then(|l| l.strip_suffix('`')) {
            current = Some(t.to_string());
            documented.entry(t.to_string()).or_default();
        } else if let (Some(t), Some(rest)) = (&current, line.strip_prefix("| `")) {
            let field = rest.split('`').next().unwrap().to_string();
            documented.get_mut(t).unwrap().push(field);
        }
    }
    let tv = new_vault();
    let v = unlock(&tv.dir, PASS);
    let mut schema: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in tables::exported(true) {
        schema.insert(t.name.to_string(), tables::columns(v.conn(), t).unwrap());
    }
    assert_eq!(
        documented.keys().collect::<Vec<_>>(),
        schema.keys().collect::<Vec<_>>(),
        "docs/export-format.md has a section for each exported table"
    );
    for (t, cols) in &schema {
        assert_eq!(
            &documented[t], cols,
            "docs/export-format.md: the fields of {t}, in order"
        );
    }
    assert!(
        doc.contains(&format!(
            "`schema_version` | integer | The vault's database schema the rows come from ({} for this document)",
            cohort::vault::migrate::latest_schema_version()
        )),
        "the document names the schema it describes; a new schema means reading it again"
    );
}

#[test]
fn the_demo_exported_holds_every_row_as_json_and_csv_and_fhir_and_psychotherapy_notes_only_when_asked() {
    let tv = demo_vault();
    let mut v = unlock(&tv.dir, PASS);
    // A psychotherapy note, and names a spreadsheet or a font could get wrong.
    let held: cohort::ids::SessionId = v
        .conn()
        .query_row("SELECT id FROM sessions WHERE status = 'held' LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    v.transact(|tx| {
        cohort::notes::private::save(
            tx,
            held,
            "The group felt flat tonight; Qzv-private.",
            Timestamp::now(),
        )
    })
    .unwrap();
    let names = [
        "=HYPERLINK(\"x\")",
        "José Núñez",
        "Алексей Смирнов",
        "Siobhán O'Neil-Brontë",
    ];
    for n in names {
        v.transact(|tx| {
            cohort::roster::members::create(
                tx,
                &cohort::roster::members::MemberInput {
                    legal_name: n.into(),
                    ..Default::default()
                },
                demo_day(),
                Timestamp::now(),
            )
        })
        .unwrap();
    }

    // Refused until the clinician says they know it is not encrypted: nothing written.
    let out = tv.tmp.path().join("export.zip");
    let e = v
        .transact(|tx| full_export::save(tx, &out, false, false, Timestamp::now()))
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::Confirm);
    assert!(e.to_string().contains("not encrypted"), "{e}");
    assert!(!out.exists());

    let saved = v
        .transact(|tx| full_export::save(tx, &out, false, true, Timestamp::now()))
        .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let files = entries(&std::fs::read(&out).unwrap());
    let doc: Value = serde_json::from_slice(&files["cohort-export/cohort-export.json"]).unwrap();
    assert_eq!(doc["format"], "cohort-export");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["psychotherapy_notes_included"], false);
    let exported = doc["tables"].as_object().unwrap();
    assert!(
        !exported.contains_key("psychotherapy_notes"),
        "left out unless asked"
    );
    assert!(
        !exported.contains_key("notes_search_data") && !exported.contains_key("notes_due"),
        "derived tables left out"
    );
    let mut rows = 0;
    for (name, json_rows) in exported {
        let count: i64 = v
            .conn()
            .query_row(&format!("SELECT count(*) FROM {name}"), [], |r| r.get(0))
            .unwrap();
        let json_rows = json_rows.as_array().unwrap();
        // The audit trail gained the export's own entries after it was read.
        if name != "audit_log" {
            assert_eq!(json_rows.len() as i64, count, "{name}: every row in the JSON");
        }
        rows += json_rows.len() as i64;
        let csv = &files[&format!("cohort-export/csv/{name}.csv")];
        assert!(csv.starts_with(b"\xEF\xBB\xBF"), "{name}: a byte-order mark");
        let mut r = csv::Reader::from_reader(&csv[3..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), json_rows.len(), "{name}: every row in the CSV");
        if let Some(first) = json_rows.first() {
            let keys: BTreeSet<&String> = first.as_object().unwrap().keys().collect();
            assert_eq!(keys, header.iter().collect(), "{name}: the same fields");
        }
    }
    assert_eq!(rows, saved.rows);
    assert_eq!(exported.len() as u32, saved.tables);

    // Names come back exactly in the JSON; the CSV shows the formula as text.
    let members: Vec<&str> = exported["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["legal_name"].as_str().unwrap())
        .collect();
    for n in names {
        assert!(members.contains(&n), "{n} exactly");
    }
    let csv = String::from_utf8(files["cohort-export/csv/members.csv"].clone()).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "escaped: {}",
        &csv[..200]
    );
    assert!(csv.contains("Алексей Смирнов") && csv.contains("José Núñez"));

    // FHIR: one resource per record, PHQ-9 by its LOINC codes, encounters as CPT 90853.
    let bundle: Value = serde_json::from_slice(&files["cohort-export/fhir-bundle.json"]).unwrap();
    assert_eq!(
        (bundle["resourceType"].as_str(), bundle["type"].as_str()),
        (Some("Bundle"), Some("collection"))
    );
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for e in bundle["entry"].as_array().unwrap() {
        *kinds
            .entry(e["resource"]["resourceType"].as_str().unwrap().to_string())
            .or_default() += 1;
        assert_eq!(
            e["fullUrl"].as_str().unwrap(),
            format!("urn:uuid:{}", e["resource"]["id"].as_str().unwrap())
        );
    }
    let count =
        |sql: &str| -> usize { v.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize };
    assert_eq!(kinds["Patient"], count("SELECT count(*) FROM members"));
    assert_eq!(kinds["Group"], count("SELECT count(*) FROM groups"));
    assert_eq!(
        kinds["Encounter"],
        count("SELECT count(*) FROM attendance WHERE status IN ('present', 'late', 'left_early')")
    );
    assert_eq!(
        kinds["QuestionnaireResponse"],
        count("SELECT count(*) FROM measure_results")
    );
    assert_eq!(
        kinds["Observation"],
        count("SELECT count(*) FROM measure_results")
    );
    assert_eq!(kinds["Goal"], count("SELECT count(*) FROM goals"));
    assert_eq!(
        kinds["DocumentReference"],
        count("SELECT (SELECT count(*) FROM notes WHERE signed_at IS NOT NULL) + (SELECT count(*) FROM note_addenda)")
    );
    let text = String::from_utf8(files["cohort-export/fhir-bundle.json"].clone()).unwrap();
    for code in [
        "http://loinc.org/q/44249-1",
        "44261-6",
        "44260-8",
        "http://loinc.org/q/69737-5",
        "70274-6",
        "90853",
    ] {
        assert!(text.contains(code), "{code}");
    }
    assert!(
        !text.contains("Qzv-private"),
        "no psychotherapy note in the FHIR either"
    );
    let audit: String = v
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE event = 'data_exported'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        audit.contains("psychotherapy notes left out") && !audit.contains("HYPERLINK"),
        "{audit}"
    );

    // Asked for, they are there, in the JSON and as a DocumentReference.
    let with = tv.tmp.path().join("with.zip");
    v.transact(|tx| full_export::save(tx, &with, true, true, Timestamp::now()))
        .unwrap();
    let files = entries(&std::fs::read(&with).unwrap());
    let doc: Value = serde_json::from_slice(&files["cohort-export/cohort-export.json"]).unwrap();
    assert_eq!(doc["tables"]["psychotherapy_notes"].as_array().unwrap().len(), 1);
    let bundle = String::from_utf8(files["cohort-export/fhir-bundle.json"].clone()).unwrap();
    assert!(bundle.contains("Psychotherapy note"));
    assert!(files.contains_key("cohort-export/csv/psychotherapy_notes.csv"));
}
