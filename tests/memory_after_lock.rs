//! Secrecy after lock: a process that unlocked a vault, worked in it and
//! locked it holds neither the data key nor the passphrase anywhere in its
//! memory. The process is this test binary started again (`unlocked_then_locked`,
//! ignored in a normal run); it is given a passphrase made for this run on
//! its standard input (read unbuffered into a buffer wiped after use, as the
//! app's command receives it), unlocks, reads and writes, locks, and waits.
//! Then every readable page of its memory is read through /proc (as a core
//! dump would hold it) and searched for the passphrase and for the key in
//! each form it ever takes (its 32 bytes, the 64 hex digits SQLCipher is
//! given).

mod common;

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use cohort::roster::members::{self, MemberInput};
use cohort::values::Timestamp;
use cohort::vault::header::Header;
use cohort::{Passphrase, Vault, VaultAccess};
use common::roster::today;

#[test]
#[ignore = "started by a_locked_process_holds_neither_the_key_nor_the_passphrase"]
fn unlocked_then_locked() {
    let Ok(dir) = std::env::var("COHORT_MEMORY_VAULT") else {
        return;
    };
    // The passphrase, read without a buffer of std's, into one wiped on drop.
    let mut buf = zeroize::Zeroizing::new(vec![0u8; 256]);
    let mut stdin = std::mem::ManuallyDrop::new(unsafe {
        use std::os::fd::FromRawFd;
        std::fs::File::from_raw_fd(0)
    });
    let n = stdin.read(&mut buf[..]).unwrap();
    let text = zeroize::Zeroizing::new(String::from_utf8(buf[..n].trim_ascii_end().to_vec()).unwrap());
    let pass = Passphrase::from(text.as_str());
    drop(text);
    drop(buf);
    let mut s = VaultAccess::new(Path::new(&dir));
    s.unlock(&pass, Instant::now()).unwrap();
    drop(pass);
    // Unlocked: the test reads this memory once (where the key must be
    // found, or the search proves nothing), then lets it go on.
    println!("\nunlocked");
    std::io::stdout().flush().unwrap();
    let mut go = [0u8; 1];
    stdin.read_exact(&mut go).unwrap();
    s.act(Instant::now(), |tx| {
        members::create(
            tx,
            &MemberInput {
                legal_name: "Memory Canary".into(),
                ..Default::default()
            },
            today(),
            Timestamp::now(),
        )
    })
    .unwrap();
    s.read(Instant::now(), |c| cohort::practice::today::today(c, today()))
        .unwrap();
    s.lock("test").unwrap();
    drop(s);
    println!("\nlocked");
    std::io::stdout().flush().unwrap();
    std::thread::sleep(std::time::Duration::from_secs(120));
}

/// Every readable region of the process's memory, read through /proc.
fn memory_of(pid: u32) -> Vec<(String, Vec<u8>)> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let mut out = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else {
            continue;
        };
        let name = parts.nth(3).unwrap_or("");
        if !perms.starts_with('r') || name == "[vvar]" || name == "[vsyscall]" {
            continue;
        }
        let (from, to) = range.split_once('-').unwrap();
        let (from, to) = (
            u64::from_str_radix(from, 16).unwrap(),
            u64::from_str_radix(to, 16).unwrap(),
        );
        let mut region = vec![0u8; (to - from) as usize];
        if mem.seek(SeekFrom::Start(from)).is_ok() && mem.read_exact(&mut region).is_ok() {
            out.push((line.to_string(), region));
        }
    }
    out
}

#[test]
fn a_locked_process_holds_neither_the_key_nor_the_passphrase() {
    // A passphrase of this run alone: it is in no binary.
    let passphrase = format!(
        "canary {} lantern {} harbour",
        rand::random::<u64>(),
        rand::random::<u64>()
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let created = Vault::create(&dir, &Passphrase::from(passphrase.as_str())).unwrap();
    created.vault.lock("test").unwrap();
    let header = Header::read(&dir).unwrap();
    let key = header
        .passphrase
        .open_with_passphrase(&Passphrase::from(passphrase.as_str()), &header.vault_id)
        .unwrap()
        .bytes_to_search_for();
    let key_hex = hex::encode(&key[..]);
    let needles: [(&str, Vec<u8>); 4] = [
        ("the passphrase", passphrase.as_bytes().to_vec()),
        ("the data key's bytes", key.to_vec()),
        ("the data key in hex", key_hex.as_bytes().to_vec()),
        ("the data key in HEX", key_hex.to_uppercase().into_bytes()),
    ];

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "unlocked_then_locked",
            "--ignored",
            "--nocapture",
            "-q",
            "--test-threads=1",
        ])
        .env("COHORT_MEMORY_VAULT", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(format!("{passphrase}\n").as_bytes())
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines
            .by_ref()
            .map_while(|l| l.ok())
            .any(|l| l.trim() == "unlocked"),
        "the process unlocked"
    );
    // While unlocked the key is there to be found: the search works.
    let open = memory_of(child.id());
    assert!(
        open.iter()
            .any(|(_, r)| memchr::memmem::find(r, &key[..]).is_some()),
        "the data key is found in the memory of the unlocked process"
    );
    drop(open);
    input.write_all(b"g").unwrap();
    assert!(
        lines.by_ref().map_while(|l| l.ok()).any(|l| l.trim() == "locked"),
        "the process unlocked, worked and locked"
    );
    let regions = memory_of(child.id());
    // Ends only the process this test started, by its pid.
    let _ = child.kill();
    let _ = child.wait();
    let total: usize = regions.iter().map(|(_, r)| r.len()).sum();
    assert!(total > 1 << 20, "the process's memory was read ({total} bytes)");
    for (what, needle) in &needles {
        let found: Vec<String> = regions
            .iter()
            .filter_map(|(name, r)| {
                memchr::memmem::find(r, needle).map(|at| {
                    let from = at.saturating_sub(48);
                    let to = (at + needle.len() + 48).min(r.len());
                    format!("{name} at +{at:#x}: {:?}", String::from_utf8_lossy(&r[from..to]))
                })
            })
            .collect();
        assert!(
            found.is_empty(),
            "{what} is still in the memory of a locked process:\n{}",
            found.join("\n")
        );
    }
}
