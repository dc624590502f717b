//! The write-ahead log beside the database, read as bytes: whether the
//! commits it holds are this database's. SQLite replays any log whose
//! frames are well formed, whoever wrote it; SQLCipher then refuses each
//! page whose MAC does not verify with the vault's key, and a checkpoint
//! would copy those pages into the file. So, after a crash, each committed
//! frame's MAC is checked here first, from the bytes alone (the log is a
//! few pages; the database is not read).
//!
//! The log (sqlite.org/walformat.html): a 32-byte header (magic, version,
//! page size, checkpoint sequence, two salts, two checksums), then frames
//! of a 24-byte header (page number, database size after a commit or 0,
//! the salts, the cumulative checksums) and the page. A frame counts while
//! its salts are the header's and the checksum chain holds, up to the last
//! commit. A page as SQLCipher 4 writes it (its defaults): the ciphertext,
//! then a 16-byte IV and a 64-byte HMAC-SHA512 of ciphertext, IV and the
//! page number (4 bytes, little-endian); page 1 starts with the file's
//! 16-byte salt, outside the ciphertext. The MAC key is PBKDF2-HMAC-SHA512
//! of the data key over the salt XOR 0x3a, 2 rounds, 32 bytes.

use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha512;
use zeroize::Zeroizing;

use super::keys::DataKey;

const HEADER: usize = 32;
const FRAME_HEADER: usize = 24;
const SALT: usize = 16;
const IV: usize = 16;
const MAC: usize = 64;

/// What the log's committed frames say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    /// No log, or nothing committed in it: nothing to replay.
    Empty,
    /// Every committed frame verifies with the key: this database's.
    Own { frames: usize },
    /// Committed frames that do not verify: another vault's, or damaged.
    NotOwn { frames: usize, failing: usize },
    /// Damaged part-way: a frame breaks the checksum chain (or the header
    /// its own checksum) while a commit of this log lies beyond it. SQLite
    /// would replay the log up to the damage and silently drop the commits
    /// after it (and then reuse the log over them).
    Damaged { readable: usize, commits_beyond: usize },
}

/// Reads the log beside the database `db` (`<db>-wal`) and checks each
/// committed frame's MAC with `key`. An unreadable or malformed log is
/// `Empty`: SQLite ignores it too.
pub fn check(db: &Path, key: &DataKey) -> Log {
    let mut log_path = db.as_os_str().to_owned();
    log_path.push("-wal");
    let (Ok(log), Ok(salt)) = (std::fs::read(&log_path), read_salt(db)) else {
        return Log::Empty;
    };
    let (frames, commits_beyond) = committed_frames(&log);
    if commits_beyond > 0 {
        return Log::Damaged {
            readable: frames.len(),
            commits_beyond,
        };
    }
    if frames.is_empty() {
        return Log::Empty;
    }
    let mac_key = mac_key(key, &salt);
    let failing = frames
        .iter()
        .filter(|(pgno, page)| !page_verifies(&mac_key, *pgno, page))
        .count();
    match failing {
        0 => Log::Own { frames: frames.len() },
        n => Log::NotOwn {
            frames: frames.len(),
            failing: n,
        },
    }
}

fn read_salt(path: &Path) -> std::io::Result<[u8; SALT]> {
    use std::io::Read;
    let mut salt = [0u8; SALT];
    std::fs::File::open(path)?.read_exact(&mut salt)?;
    Ok(salt)
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// SQLite's log checksum over `data` (a multiple of 8 bytes), from `s`.
fn checksum(big_endian: bool, data: &[u8], mut s: (u32, u32)) -> (u32, u32) {
    for w in data.chunks_exact(8) {
        let word = |i: usize| {
            let b = [w[i], w[i + 1], w[i + 2], w[i + 3]];
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s.0 = s.0.wrapping_add(word(0)).wrapping_add(s.1);
        s.1 = s.1.wrapping_add(word(4)).wrapping_add(s.0);
    }
    s
}

/// The (page number, page) of every frame up to the last valid commit,
/// and how many commits of this log (frames with its salts and a
/// database size) lie past a frame that breaks the chain: 0 for a log
/// whose end was only cut short or left unfinished by a crash.
fn committed_frames(log: &[u8]) -> (Vec<(u32, &[u8])>, usize) {
    if log.len() < HEADER {
        return (Vec::new(), 0);
    }
    let magic = be32(log, 0);
    if magic & !1 != 0x377f_0682 {
        return (Vec::new(), 0);
    }
    let big_endian = magic & 1 == 1;
    let salts = (be32(log, 16), be32(log, 20));
    let page_size = be32(log, 8) as usize;
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        // A damaged page size: the vault's own (4096) finds its commits.
        return (Vec::new(), commits_from(log, HEADER, 4096, salts));
    }
    let mut sum = checksum(big_endian, &log[..24], (0, 0));
    if sum != (be32(log, 24), be32(log, 28)) {
        return (Vec::new(), commits_from(log, HEADER, page_size, salts));
    }
    let (mut frames, mut committed) = (Vec::new(), 0);
    let mut at = HEADER;
    while at + FRAME_HEADER + page_size <= log.len() {
        let head = &log[at..at + FRAME_HEADER];
        let page = &log[at + FRAME_HEADER..at + FRAME_HEADER + page_size];
        if (be32(head, 8), be32(head, 12)) != salts {
            break;
        }
        sum = checksum(big_endian, &head[..8], sum);
        sum = checksum(big_endian, page, sum);
        if sum != (be32(head, 16), be32(head, 20)) {
            break;
        }
        frames.push((be32(head, 0), page));
        if be32(head, 4) != 0 {
            committed = frames.len();
        }
        at += FRAME_HEADER + page_size;
    }
    let beyond = commits_from(log, at + FRAME_HEADER + page_size, page_size, salts);
    frames.truncate(committed);
    (frames, beyond)
}

/// The commit frames of this log (its salts) from `at` on.
fn commits_from(log: &[u8], mut at: usize, page_size: usize, salts: (u32, u32)) -> usize {
    let mut n = 0;
    while at + FRAME_HEADER + page_size <= log.len() {
        let head = &log[at..at + FRAME_HEADER];
        if (be32(head, 8), be32(head, 12)) == salts && be32(head, 4) != 0 {
            n += 1;
        }
        at += FRAME_HEADER + page_size;
    }
    n
}

fn mac_key(key: &DataKey, salt: &[u8; SALT]) -> Zeroizing<[u8; 32]> {
    let mac_salt: Vec<u8> = salt.iter().map(|b| b ^ 0x3a).collect();
    let mut out = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha512>(key.bytes(), &mac_salt, 2, &mut out[..]);
    out
}

fn page_verifies(mac_key: &[u8; 32], pgno: u32, page: &[u8]) -> bool {
    let start = if pgno == 1 { SALT } else { 0 };
    let Some(end) = page.len().checked_sub(MAC) else {
        return false;
    };
    if end < start + IV {
        return false;
    }
    let mut mac = <Hmac<Sha512> as Mac>::new_from_slice(mac_key).expect("any key length");
    mac.update(&page[start..end]);
    mac.update(&pgno.to_le_bytes());
    mac.verify_slice(&page[end..]).is_ok()
}
