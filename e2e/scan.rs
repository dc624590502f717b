//! The scan that proves nothing typed reached any file as plaintext: every
//! file under a folder is read (logs, WebKit's storage, exports), and a
//! marker is looked for as UTF-8 and as UTF-16 in both byte orders (WebKit
//! keeps some of its storage as UTF-16). Anything the scan cannot read fails
//! the test rather than passing it.

use std::path::{Path, PathBuf};

/// The byte spellings a text can take on disk: UTF-8, UTF-16LE, UTF-16BE.
pub fn spellings(text: &str) -> Vec<Vec<u8>> {
    let units: Vec<u16> = text.encode_utf16().collect();
    vec![
        text.as_bytes().to_vec(),
        units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        units.iter().flat_map(|u| u.to_be_bytes()).collect(),
    ]
}

fn holds(bytes: &[u8], needles: &[Vec<u8>]) -> bool {
    needles
        .iter()
        .any(|n| !n.is_empty() && bytes.windows(n.len()).any(|w| w == n.as_slice()))
}

/// Every file under `root` whose bytes hold one of `needles`, and how many
/// files were read. Every file is read, logs included; anything that cannot
/// be read (a file without permission, a socket, a pipe) fails the test.
pub fn scan_for(root: &Path, needles: &[Vec<u8>]) -> (Vec<PathBuf>, usize) {
    let mut hits = Vec::new();
    let mut read = 0;
    let entries = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("the scan cannot read the folder {}: {e}", root.display()));
    for e in entries {
        let e = e.unwrap_or_else(|e| panic!("the scan cannot list {}: {e}", root.display()));
        let p = e.path();
        let kind = e
            .file_type()
            .unwrap_or_else(|e| panic!("the scan cannot stat {}: {e}", p.display()));
        if kind.is_symlink() {
            let target = std::fs::read_link(&p)
                .unwrap_or_else(|e| panic!("the scan cannot read the link {}: {e}", p.display()));
            assert!(
                !holds(target.to_string_lossy().as_bytes(), needles),
                "plaintext in the link {}",
                p.display()
            );
        } else if kind.is_dir() {
            let (h, n) = scan_for(&p, needles);
            hits.extend(h);
            read += n;
        } else if kind.is_file() {
            let bytes =
                std::fs::read(&p).unwrap_or_else(|e| panic!("the scan cannot read {}: {e}", p.display()));
            read += 1;
            if holds(&bytes, needles) {
                hits.push(p);
            }
        } else {
            panic!(
                "{} is neither a file nor a folder; the scan cannot read it",
                p.display()
            );
        }
    }
    (hits, read)
}

/// No marker is anywhere under `home` or in the vault, in any spelling.
pub fn assert_no_plaintext(home: &Path, vault: &Path, markers: &[&str]) {
    for m in markers {
        let needles = spellings(m);
        let (mut hits, mut n) = scan_for(home, &needles);
        if !vault.starts_with(home) {
            let (h, k) = scan_for(vault, &needles);
            hits.extend(h);
            n += k;
        }
        assert!(n >= 3, "the scan read the vault's files ({n} files)");
        assert!(hits.is_empty(), "plaintext {m:?} found in {hits:?}");
    }
    assert!(vault.join("cohort.db").exists() && vault.join("vault.json").exists());
}
