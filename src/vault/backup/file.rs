//! The backup file: one file that carries everything needed to open it —
//! the vault's header (its wrapped keys and key-derivation settings), the
//! schema and app versions, when it was made, an encrypted manifest of the
//! records it holds — and the database itself, still encrypted under the
//! vault's data key. docs/vault-format.md describes every byte; an
//! independent reader (scripts/open_backup.py) is written from it.
//!
//! ```text
//! 0    16  magic "CohortBackup\r\n\x1a\n"
//! 16    4  format version, u32 little-endian (1)
//! 20    8  envelope length E, u64 little-endian
//! 28    8  database length D, u64 little-endian
//! 36   32  SHA-256 of the envelope
//! 68   32  SHA-256 of bytes 0..68
//! 100   E  the envelope, UTF-8 JSON (Cohort pads it with spaces so that
//!          the database begins at 64 KiB)
//! +E   32  HMAC-SHA256 of bytes 0..100+E under a key derived from the data key
//! +32   D  the database: SQLCipher pages under the data key
//! ```
//!
//! Damage is found before any passphrase is asked: the prologue and the
//! envelope carry their own SHA-256, the envelope carries the database's,
//! and the lengths say whether the file was cut short. A deliberate change
//! that recomputes those hashes is found by the MAC once the key is known.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::sentence;
use crate::values::Timestamp;
use crate::vault::header::Header;
use crate::vault::keys::DataKey;
use crate::vault::migrate::latest_schema_version;

pub const MAGIC: &[u8; 16] = b"CohortBackup\r\n\x1a\n";
/// The newest backup format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
pub const FORMAT_NAME: &str = "cohort-backup";
/// What a backup's file name ends with.
pub const EXTENSION: &str = "cohortbackup";
pub const PROLOGUE_LEN: u64 = 100;
const MAC_LEN: u64 = 32;
/// An envelope is a few kilobytes; anything far larger is not one of ours.
const MAX_ENVELOPE: u64 = 1 << 20;
const MAC_PURPOSE: &str = "cohort-backup mac v1";
const MANIFEST_KEY_PURPOSE: &str = "cohort-backup manifest key v1";
const KEY_ID_PURPOSE: &str = "cohort-backup key id v1";

/// The plaintext part of a backup: what opening it needs, and nothing
/// about any record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub format: String,
    pub vault_id: String,
    /// Names the data key without revealing it: a backup made before a key
    /// rotation has another.
    pub key_id: String,
    pub made_at: Timestamp,
    pub app_version: String,
    pub schema_version: u32,
    /// The vault's header as it was when the backup was made.
    pub vault_header: Header,
    pub database: DatabasePart,
    /// The manifest, encrypted (`Manifest`).
    pub manifest: SealedManifest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabasePart {
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedManifest {
    /// 24 random bytes, hex.
    pub nonce: String,
    /// The manifest's JSON under XChaCha20-Poly1305, hex.
    pub ciphertext: String,
}

/// What the backup holds: the rows of every table, and the audit trail's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub tables: Vec<TableRows>,
    pub audit_entries: i64,
    pub audit_last_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TableRows {
    pub name: String,
    #[ts(type = "number")]
    pub rows: i64,
}

/// A backup file read and checked as far as its own hashes go (no key yet).
#[derive(Debug)]
pub struct BackupFile {
    pub envelope: Envelope,
    /// Bytes 0..100+E, which the MAC covers.
    signed: Vec<u8>,
    mac: [u8; 32],
    /// Where the database begins in the file.
    db_offset: u64,
}

/// The identifier of a data key that a backup records (not secret).
pub(crate) fn key_id(key: &DataKey, vault_id: &str) -> String {
    hex::encode(&key.mac(KEY_ID_PURPOSE, vault_id.as_bytes())[..8])
}

fn manifest_aad(vault_id: &str, made_at: Timestamp) -> Vec<u8> {
    format!("{FORMAT_NAME}/{FORMAT_VERSION}/{vault_id}/{made_at}").into_bytes()
}

pub(crate) fn seal_manifest(
    key: &DataKey,
    vault_id: &str,
    made_at: Timestamp,
    m: &Manifest,
) -> Result<SealedManifest> {
    let plain = serde_json::to_vec(m).map_err(|e| Error::Internal(format!("manifest: {e}")))?;
    let sub = zeroize::Zeroizing::new(key.mac(MANIFEST_KEY_PURPOSE, b""));
    let cipher = XChaCha20Poly1305::new(sub.as_ref().into());
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &plain,
                aad: &manifest_aad(vault_id, made_at),
            },
        )
        .map_err(|_| Error::Internal("the manifest could not be sealed".into()))?;
    Ok(SealedManifest {
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ct),
    })
}

fn damaged(what: impl Into<String>) -> Error {
    Error::BackupDamaged(what.into())
}

/// The prologue for an envelope and a database of these lengths.
fn prologue(envelope: &[u8], db_len: u64) -> Vec<u8> {
    let mut p = Vec::with_capacity(PROLOGUE_LEN as usize);
    p.extend_from_slice(MAGIC);
    p.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    p.extend_from_slice(&(envelope.len() as u64).to_le_bytes());
    p.extend_from_slice(&db_len.to_le_bytes());
    p.extend_from_slice(&Sha256::digest(envelope));
    let own = Sha256::digest(&p);
    p.extend_from_slice(&own);
    p
}

/// Where the database begins in a backup Cohort writes: the envelope is
/// padded with spaces (still JSON) to fill the room before it, so the
/// database can be written first and the envelope, which names its hash,
/// last.
pub(crate) const DATABASE_AT: u64 = 64 * 1024;
const ENVELOPE_ROOM: u64 = DATABASE_AT - PROLOGUE_LEN - MAC_LEN;

/// Copies the database at `db` into its place in `out`, returning its
/// length and SHA-256.
pub(crate) fn write_database(out: &mut File, db: &Path) -> Result<(u64, String)> {
    let io = |e| Error::io("write the backup", e);
    out.seek(SeekFrom::Start(DATABASE_AT)).map_err(io)?;
    let src = File::open(db).map_err(|e| Error::io("read the database", e))?;
    let mut reader = BufReader::with_capacity(1 << 20, src);
    let mut tee = HashingWriter {
        hash: Sha256::new(),
        inner: out,
    };
    let n = std::io::copy(&mut reader, &mut tee).map_err(io)?;
    Ok((n, hex::encode(tee.hash.finalize())))
}

/// Writes the prologue, the envelope (padded to its room) and the MAC at
/// the head of `out`, once the database is in place.
pub(crate) fn write_head(out: &mut File, key: &DataKey, envelope: &Envelope) -> Result<()> {
    let mut env =
        serde_json::to_vec_pretty(envelope).map_err(|e| Error::Internal(format!("envelope: {e}")))?;
    if env.len() as u64 > ENVELOPE_ROOM {
        return Err(Error::Internal(format!("the envelope needs {} bytes", env.len())));
    }
    env.resize(ENVELOPE_ROOM as usize, b' ');
    let mut signed = prologue(&env, envelope.database.bytes);
    signed.extend_from_slice(&env);
    let mac = key.mac(MAC_PURPOSE, &signed);
    let io = |e| Error::io("write the backup", e);
    out.seek(SeekFrom::Start(0)).map_err(io)?;
    out.write_all(&signed).map_err(io)?;
    out.write_all(&mac).map_err(io)?;
    Ok(())
}

/// How like the magic the first bytes are: a file of ours with a damaged
/// first byte is damaged; a file of some other kind is not a backup at all.
fn looks_like_magic(start: &[u8]) -> bool {
    start.len() >= MAGIC.len() && start.iter().zip(MAGIC).filter(|(a, b)| a == b).count() >= 12
}

impl BackupFile {
    /// Reads and checks everything that needs no key: the prologue, the
    /// lengths against the file's size, the envelope, the embedded header's
    /// checksum, the versions. Touches nothing.
    pub fn open(path: &Path) -> Result<BackupFile> {
        let mut f = File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::NotFound(format!("There is no file at {}.", path.display()))
            }
            _ => Error::io(format!("read {}", path.display()), e),
        })?;
        let size = f
            .metadata()
            .map_err(|e| Error::io(format!("read {}", path.display()), e))?
            .len();
        let mut pro = vec![0u8; PROLOGUE_LEN.min(size) as usize];
        f.read_exact(&mut pro)
            .map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        if !looks_like_magic(&pro) {
            return Err(Error::NotABackup(
                "it does not begin as a Cohort backup does".into(),
            ));
        }
        if (pro.len() as u64) < PROLOGUE_LEN {
            return Err(Error::BackupCutShort {
                has: size,
                expected: None,
            });
        }
        let own: [u8; 32] = Sha256::digest(&pro[..68]).into();
        if pro[..16] != MAGIC[..] || own[..] != pro[68..100] {
            return Err(damaged("its opening bytes are not as they were written"));
        }
        let version = u32::from_le_bytes(pro[16..20].try_into().expect("4 bytes"));
        if version > FORMAT_VERSION {
            return Err(Error::BackupNewer {
                what: "backup format",
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if version == 0 {
            return Err(damaged("it names no format version"));
        }
        let env_len = u64::from_le_bytes(pro[20..28].try_into().expect("8 bytes"));
        let db_len = u64::from_le_bytes(pro[28..36].try_into().expect("8 bytes"));
        if env_len == 0 || env_len > MAX_ENVELOPE {
            return Err(damaged("its description has an impossible length"));
        }
        let expected = PROLOGUE_LEN + env_len + MAC_LEN + db_len;
        if size < expected {
            return Err(Error::BackupCutShort {
                has: size,
                expected: Some(expected),
            });
        }
        if size > expected {
            return Err(damaged(format!("{} bytes follow its end", size - expected)));
        }
        let mut env = vec![0u8; env_len as usize];
        f.read_exact(&mut env)
            .map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        if Sha256::digest(&env)[..] != pro[36..68] {
            return Err(damaged("its description is not as it was written"));
        }
        let mut mac = [0u8; 32];
        f.read_exact(&mut mac)
            .map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        let envelope: Envelope = serde_json::from_slice(&env)
            .map_err(|e| damaged(format!("its description cannot be read: {e}")))?;
        if envelope.format != FORMAT_NAME {
            return Err(Error::NotABackup(format!(
                "it describes itself as {:?}",
                envelope.format
            )));
        }
        // The embedded header passes the checks a vault's own header does.
        let header_bytes = serde_json::to_vec(&envelope.vault_header)
            .map_err(|e| Error::Internal(format!("header: {e}")))?;
        match Header::parse(&header_bytes) {
            Ok(h) if h.vault_id == envelope.vault_id => {}
            Ok(_) => return Err(damaged("its parts name two different vaults")),
            Err(Error::NewerVersion { found, supported, .. }) => {
                return Err(Error::BackupNewer {
                    what: "vault format",
                    found,
                    supported,
                })
            }
            Err(_) => return Err(damaged("the vault header it carries is not as it was written")),
        }
        if envelope.schema_version > latest_schema_version() {
            return Err(Error::BackupNewer {
                what: "database schema",
                found: envelope.schema_version,
                supported: latest_schema_version(),
            });
        }
        if envelope.database.bytes != db_len {
            return Err(damaged("its description and its contents disagree on its size"));
        }
        let mut signed = pro;
        signed.extend_from_slice(&env);
        Ok(BackupFile {
            envelope,
            signed,
            mac,
            db_offset: PROLOGUE_LEN + env_len + MAC_LEN,
        })
    }

    /// Streams the database part to `sink` (a file being restored, or
    /// nowhere), checking its SHA-256 against the envelope's.
    pub fn copy_database(&self, path: &Path, sink: &mut dyn Write) -> Result<()> {
        let mut f = File::open(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        f.seek(SeekFrom::Start(self.db_offset))
            .map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        let mut reader = BufReader::with_capacity(1 << 20, f.take(self.envelope.database.bytes));
        let mut tee = HashingWriter {
            hash: Sha256::new(),
            inner: sink,
        };
        let n =
            std::io::copy(&mut reader, &mut tee).map_err(|e| Error::io("copy the backup's database", e))?;
        if n != self.envelope.database.bytes
            || hex::encode(tee.hash.finalize()) != self.envelope.database.sha256
        {
            return Err(damaged("its records are not as they were written"));
        }
        Ok(())
    }

    /// Whether the database part is whole (its SHA-256 as recorded).
    pub fn check_database(&self, path: &Path) -> Result<()> {
        self.copy_database(path, &mut std::io::sink())
    }

    /// Whether this backup was written under `key`: its MAC verifies.
    pub(crate) fn verify_mac(&self, key: &DataKey) -> Result<()> {
        if key.verify_mac(MAC_PURPOSE, &self.signed, &self.mac) {
            Ok(())
        } else {
            Err(damaged("it was changed after it was made"))
        }
    }

    /// Whether `key` is the one this backup was made under.
    pub(crate) fn made_under(&self, key: &DataKey) -> bool {
        key_id(key, &self.envelope.vault_id) == self.envelope.key_id
    }

    pub(crate) fn manifest(&self, key: &DataKey) -> Result<Manifest> {
        let m = &self.envelope.manifest;
        let nonce = hex::decode(&m.nonce).map_err(|_| damaged("its manifest is not readable"))?;
        let ct = hex::decode(&m.ciphertext).map_err(|_| damaged("its manifest is not readable"))?;
        if nonce.len() != 24 {
            return Err(damaged("its manifest is not readable"));
        }
        let sub = zeroize::Zeroizing::new(key.mac(MANIFEST_KEY_PURPOSE, b""));
        let cipher = XChaCha20Poly1305::new(sub.as_ref().into());
        let plain = cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ct,
                    aad: &manifest_aad(&self.envelope.vault_id, self.envelope.made_at),
                },
            )
            .map_err(|_| damaged("its manifest does not open with its key"))?;
        let plain = zeroize::Zeroizing::new(plain);
        serde_json::from_slice(&plain).map_err(|e| damaged(format!("its manifest cannot be read: {e}")))
    }

    /// "made on <moment> by Cohort <version>", for messages.
    pub fn made(&self) -> String {
        format!(
            "made {} by Cohort {}",
            sentence::moment(self.envelope.made_at),
            self.envelope.app_version
        )
    }
}

struct HashingWriter<'a> {
    hash: Sha256,
    inner: &'a mut dyn Write,
}

impl Write for HashingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
