#![allow(dead_code)]
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cohort::{Origin, Passphrase, Vault};

pub const PASS: &str = "maple kettle orbit lantern";
pub const OTHER_PASS: &str = "violet harbour copper whistle";

pub fn pass(s: &str) -> Passphrase {
    Passphrase::from(s)
}

pub struct TestVault {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub recovery_key: String,
}

/// A fresh vault, created and locked again.
pub fn new_vault() -> TestVault {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let created = Vault::create(&dir, &pass(PASS)).unwrap();
    let recovery_key = created.recovery_key.to_string();
    created.vault.lock("test").unwrap();
    TestVault {
        tmp,
        dir,
        recovery_key,
    }
}

pub fn unlock(dir: &Path, p: &str) -> Vault {
    Vault::unlock(dir, &pass(p), Origin::Cli, 0).unwrap()
}

/// Every file in the folder with its bytes, to prove nothing changed.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            out.insert(
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}
