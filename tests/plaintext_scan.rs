//! The plaintext scan the end-to-end tests and the backup tests trust
//! (`e2e/scan.rs`): it finds what is there, in every spelling, and fails on
//! what it cannot read.

mod common;

use common::scan::{scan_for, spellings};

#[test]
fn the_scan_reads_logs_and_finds_a_marker_in_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    std::fs::write(dir.path().join("logs/app.log"), b"... Qzvx-marker ...").unwrap();
    std::fs::write(dir.path().join("other"), b"nothing").unwrap();
    let (hits, read) = scan_for(dir.path(), &spellings("Qzvx-marker"));
    assert_eq!(hits, vec![dir.path().join("logs/app.log")]);
    assert_eq!(read, 2);
}

#[test]
fn the_scan_finds_a_marker_kept_as_utf16_in_either_byte_order() {
    let dir = tempfile::tempdir().unwrap();
    let le: Vec<u8> = "Ørjan Hæstad"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let be: Vec<u8> = "Ørjan Hæstad"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    std::fs::write(
        dir.path().join("LocalStorage.sqlite3"),
        [b"\x00\x01".as_slice(), &le].concat(),
    )
    .unwrap();
    std::fs::write(dir.path().join("other.db"), be).unwrap();
    std::fs::write(dir.path().join("clean"), b"Orjan Haestad").unwrap();
    let (mut hits, read) = scan_for(dir.path(), &spellings("Ørjan Hæstad"));
    hits.sort();
    assert_eq!(
        hits,
        vec![
            dir.path().join("LocalStorage.sqlite3"),
            dir.path().join("other.db")
        ]
    );
    assert_eq!(read, 3);
}

#[test]
fn the_scan_fails_on_anything_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("socket")).unwrap();
    let outcome = std::panic::catch_unwind(|| scan_for(dir.path(), &spellings("x")));
    assert!(
        outcome.is_err(),
        "a file the scan cannot read is a failure, not a pass"
    );
}
