//! The vault's plaintext header file, `vault.json`.
//!
//! It holds what is needed to turn a passphrase (or the recovery key) into
//! the database key, and nothing about any record. See docs/vault-format.md.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::vault::keys::{DataKey, WrappedKey};

pub const HEADER_FILE: &str = "vault.json";
pub const HEADER_TMP_FILE: &str = "vault.json.tmp";
pub const FORMAT_NAME: &str = "cohort-vault";
/// The newest header format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
const MAC_PURPOSE: &str = "cohort-vault header mac v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    pub vault_id: String,
    pub created_at: String,
    /// The data key wrapped under the passphrase.
    pub passphrase: WrappedKey,
    /// The data key wrapped under the recovery key.
    pub recovery: WrappedKey,
    /// SHA-256 of the canonical bytes, hex: catches damage and hand edits
    /// before any passphrase is tried.
    pub checksum: String,
    /// HMAC-SHA256 of the canonical bytes under a key derived from the data
    /// key, hex: catches deliberate edits once the data key is known.
    pub mac: String,
}

/// The only part of the header that needs reading before its format is known.
#[derive(Deserialize)]
struct FormatProbe {
    format: Option<String>,
    format_version: Option<u32>,
}

fn push_wrap(out: &mut String, slot: &str, w: &WrappedKey) {
    let k = &w.kdf;
    for (name, value) in [
        ("kdf.algorithm", k.algorithm.clone()),
        ("kdf.version", k.version.to_string()),
        ("kdf.memory_kib", k.memory_kib.to_string()),
        ("kdf.iterations", k.iterations.to_string()),
        ("kdf.parallelism", k.parallelism.to_string()),
        ("kdf.salt", k.salt.clone()),
        ("aead", w.aead.clone()),
        ("nonce", w.nonce.clone()),
        ("ciphertext", w.ciphertext.clone()),
    ] {
        out.push_str(&format!("{slot}.{name}={value}\n"));
    }
}

impl Header {
    pub fn new(
        vault_id: String,
        created_at: String,
        passphrase: WrappedKey,
        recovery: WrappedKey,
        key: &DataKey,
    ) -> Self {
        let mut h = Header {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            vault_id,
            created_at,
            passphrase,
            recovery,
            checksum: String::new(),
            mac: String::new(),
        };
        h.seal(key);
        h
    }

    /// The bytes the checksum and the MAC cover (documented in
    /// docs/vault-format.md): one `name=value` line per field.
    pub fn canonical(&self) -> String {
        let mut out = String::from("cohort-vault-header\n");
        out.push_str(&format!("format={}\n", self.format));
        out.push_str(&format!("format_version={}\n", self.format_version));
        out.push_str(&format!("vault_id={}\n", self.vault_id));
        out.push_str(&format!("created_at={}\n", self.created_at));
        push_wrap(&mut out, "passphrase", &self.passphrase);
        push_wrap(&mut out, "recovery", &self.recovery);
        out
    }

    /// Recomputes checksum and MAC after a field changed.
    pub fn seal(&mut self, key: &DataKey) {
        let canon = self.canonical();
        self.checksum = hex::encode(Sha256::digest(canon.as_bytes()));
        self.mac = hex::encode(key.mac(MAC_PURPOSE, canon.as_bytes()));
    }

    /// After the data key is known: was anything changed by someone who
    /// could not compute the MAC?
    pub fn verify_mac(&self, key: &DataKey) -> Result<()> {
        let tag = hex::decode(&self.mac).map_err(|_| Error::HeaderTampered)?;
        if key.verify_mac(MAC_PURPOSE, self.canonical().as_bytes(), &tag) {
            Ok(())
        } else {
            Err(Error::HeaderTampered)
        }
    }

    /// Reads and checks the header. Touches nothing on disk.
    pub fn read(dir: &Path) -> Result<Header> {
        let path = dir.join(HEADER_FILE);
        let bytes = fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NoVault(dir.to_path_buf()),
            _ => Error::io(format!("read {}", path.display()), e),
        })?;
        Self::parse(&bytes)
    }

    pub fn parse(bytes: &[u8]) -> Result<Header> {
        let probe: FormatProbe = serde_json::from_slice(bytes)
            .map_err(|e| Error::HeaderDamaged(format!("{HEADER_FILE} is not readable: {e}")))?;
        if probe.format.as_deref() != Some(FORMAT_NAME) {
            return Err(Error::HeaderDamaged(format!(
                "{HEADER_FILE} is not a Cohort vault header"
            )));
        }
        match probe.format_version {
            Some(v) if v > FORMAT_VERSION => {
                return Err(Error::NewerVersion {
                    what: "vault format",
                    found: v,
                    supported: FORMAT_VERSION,
                })
            }
            Some(v) if v >= 1 => {}
            _ => {
                return Err(Error::HeaderDamaged(format!(
                    "{HEADER_FILE} has no valid format version"
                )))
            }
        }
        let h: Header =
            serde_json::from_slice(bytes).map_err(|e| Error::HeaderDamaged(format!("{HEADER_FILE}: {e}")))?;
        let sum = hex::encode(Sha256::digest(h.canonical().as_bytes()));
        if sum != h.checksum {
            return Err(Error::HeaderTampered);
        }
        for w in [&h.passphrase, &h.recovery] {
            w.kdf.validate().map_err(Error::HeaderDamaged)?;
        }
        Ok(h)
    }

    /// Replaces the header crash-safely: the new text goes to a temporary
    /// file that is synced, then renamed over the old one, then the folder
    /// is synced. Killed at any moment, the folder holds either the old or
    /// the new header, whole.
    pub fn write_atomically(&self, dir: &Path) -> Result<()> {
        self.write_atomically_to(dir, &dir.join(HEADER_FILE))
    }

    /// `write_atomically`, to `target` in `dir` (a rotation stages its
    /// header beside the current one).
    pub(crate) fn write_atomically_to(&self, dir: &Path, target: &Path) -> Result<()> {
        let tmp = dir.join(HEADER_TMP_FILE);
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Internal(format!("header encoding: {e}")))?;
        {
            let mut options = OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options
                .open(&tmp)
                .map_err(|e| Error::io("write the vault header", e))?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.write_all(b"\n"))
                .and_then(|_| f.sync_all())
                .map_err(|e| Error::io("write the vault header", e))?;
        }
        fs::rename(&tmp, target).map_err(|e| Error::io("replace the vault header", e))?;
        sync_dir(dir)
    }
}

/// Makes a rename or a new file in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io("sync the vault folder", e))?;
    }
    let _ = dir;
    Ok(())
}
