//! Creating a vault is atomic: it is made whole in a folder of its own
//! beside the target and put in place by one rename, so a create stopped at
//! any moment (the app killed, the power cut) leaves the target as it was
//! and can simply be tried again.

mod common;

use cohort::{ErrorCode, Vault};
use common::*;

#[test]
fn a_new_vault_appears_whole_and_nothing_is_left_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let created = Vault::create(&dir, &pass(PASS)).unwrap();
    created.vault.lock("test").unwrap();
    assert_eq!(
        file_names(tmp.path()),
        ["vault"],
        "no staging folder is left beside it"
    );
    assert_eq!(file_names(&dir), ["cohort.db", "cohort.lock", "vault.json"]);
    let v = unlock(&dir, PASS);
    assert!(cohort::practice::check::check(&v).unwrap().is_ok());
}

#[test]
fn what_a_stopped_create_left_does_not_block_the_next_and_is_cleared() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    // A create stopped before its rename: a half-made database beside the
    // target, which itself was never touched.
    let left = tmp.path().join(".vault.creating-0123456789abcdef");
    std::fs::create_dir(&left).unwrap();
    std::fs::write(left.join("cohort.db"), vec![7u8; 8192]).unwrap();
    assert!(!dir.exists());
    Vault::create(&dir, &pass(PASS))
        .unwrap()
        .vault
        .lock("test")
        .unwrap();
    assert_eq!(file_names(tmp.path()), ["vault"]);
    unlock(&dir, PASS).lock("test").unwrap();
}

#[test]
fn an_empty_folder_is_used_and_a_folder_with_other_files_is_left_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    Vault::create(&empty, &pass(PASS))
        .unwrap()
        .vault
        .lock("test")
        .unwrap();
    unlock(&empty, PASS).lock("test").unwrap();

    let busy = tmp.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("taxes-2026.pdf"), b"not Cohort's").unwrap();
    let before = snapshot(&busy);
    let e = Vault::create(&busy, &pass(PASS)).err().unwrap();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("taxes-2026.pdf"), "{e}");
    assert_eq!(snapshot(&busy), before, "nothing in it changed");
    assert_eq!(
        file_names(tmp.path()),
        ["busy", "empty"],
        "nothing is left beside it"
    );
}
