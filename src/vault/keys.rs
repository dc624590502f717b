//! Secret material and the cryptography around it.
//!
//! None of these types is `Clone`, `Debug`-printable or `Serialize`; each
//! wipes its memory when dropped.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{Encoding, Specification};
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

/// Shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// From this length a passphrase the estimator scores 3 of 4 is accepted.
pub const LONG_PASSPHRASE_CHARS: usize = 20;
/// Longest passphrase accepted, in characters.
pub const MAX_PASSPHRASE_CHARS: usize = 1024;

/// A passphrase typed by the clinician.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: String) -> Self {
        Passphrase(Zeroizing::new(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Passphrase {
    fn from(s: &str) -> Self {
        Passphrase::new(s.to_string())
    }
}

/// The random 256-bit key that encrypts the database. Its bytes live on the
/// heap, written there once: moving a `DataKey` (into the vault, the vault
/// into the app's state) moves a pointer and leaves no copy of the key
/// behind on the stack.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey(Box<[u8; 32]>);

impl DataKey {
    pub fn generate() -> Self {
        let mut k = Box::new([0u8; 32]);
        OsRng.fill_bytes(k.as_mut());
        DataKey(k)
    }

    /// A second copy of the key, for a backup that runs beside the app's
    /// own work (the app waits for it to end before it locks); wiped when
    /// dropped, as this one is.
    pub(crate) fn duplicate(&self) -> DataKey {
        // Heap to heap: no copy of the bytes passes through the stack.
        let mut k = Box::new([0u8; 32]);
        k.copy_from_slice(&self.0[..]);
        DataKey(k)
    }

    /// The key's bytes, for checking SQLCipher's page MACs (`wal`).
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key's bytes, for the test that searches a locked process's
    /// memory for them (`tests/memory_after_lock.rs`); wiped when dropped.
    #[doc(hidden)]
    pub fn bytes_to_search_for(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(*self.0)
    }

    /// The key as SQLCipher takes a raw key, `x'<64 hex digits>'`, in a
    /// buffer wiped when dropped. It is handed to `sqlite3_key` directly, never
    /// as SQL text (SQLite would keep copies of a statement's text in memory it
    /// does not wipe).
    pub(crate) fn sqlcipher_raw_key(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(67));
        out.extend_from_slice(b"x'");
        let hex = Zeroizing::new(hex::encode(&self.0[..]));
        out.extend_from_slice(hex.as_bytes());
        out.push(b'\'');
        out
    }

    /// The HMAC-SHA256 state keyed with a key derived from this data key
    /// for `purpose` (key separation: the data key itself is never a MAC key).
    fn mac_for(&self, purpose: &str) -> Hmac<Sha256> {
        let mut sub = <Hmac<Sha256> as Mac>::new_from_slice(&self.0[..]).expect("any key length");
        sub.update(purpose.as_bytes());
        let mut sub_key: [u8; 32] = sub.finalize().into_bytes().into();
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(&sub_key).expect("any key length");
        sub_key.zeroize();
        mac
    }

    /// Whether `other` is this same key, compared through a MAC of each so
    /// that the comparison tells nothing about the key's bytes.
    pub(crate) fn same_as(&self, other: &DataKey) -> bool {
        self.mac("same key", b"") == other.mac("same key", b"")
    }

    pub(crate) fn mac(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        let mut mac = self.mac_for(purpose);
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    pub(crate) fn verify_mac(&self, purpose: &str, message: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.mac_for(purpose);
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }
}

/// A key-encryption key derived from a passphrase or a recovery key.
struct WrappingKey(Zeroizing<[u8; 32]>);

/// Argon2id parameters, stored in the header so they can be raised later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Always "argon2id".
    pub algorithm: String,
    /// Argon2 version number; 19 is version 1.3.
    pub version: u32,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// 16 random bytes, hex.
    pub salt: String,
}

/// How costly the passphrase's key derivation is made when it is sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfPolicy {
    /// At least [`KdfParams::POLICY_MEMORY_KIB`], with passes added until one
    /// derivation takes about [`KdfParams::TARGET_MILLIS`] on this computer
    /// (as password managers tune theirs). What release builds use.
    Tuned,
    /// The floor Cohort reads (64 MiB, 3 passes): debug builds use it so
    /// that the test suites, which create hundreds of vaults, stay fast. A
    /// vault sealed this way is re-wrapped at its first unlock by a release
    /// build.
    Minimum,
}

static KDF_POLICY: std::sync::atomic::AtomicU8 =
    std::sync::atomic::AtomicU8::new(if cfg!(debug_assertions) { 1 } else { 0 });

/// The policy passphrases are sealed under in this process.
pub fn kdf_policy() -> KdfPolicy {
    match KDF_POLICY.load(std::sync::atomic::Ordering::Relaxed) {
        0 => KdfPolicy::Tuned,
        _ => KdfPolicy::Minimum,
    }
}

/// Sets the policy for this process (tests of the tuned policy in debug builds).
#[doc(hidden)]
pub fn set_kdf_policy(policy: KdfPolicy) {
    let v = match policy {
        KdfPolicy::Tuned => 0,
        KdfPolicy::Minimum => 1,
    };
    KDF_POLICY.store(v, std::sync::atomic::Ordering::Relaxed);
}

impl KdfParams {
    pub const MIN_MEMORY_KIB: u32 = 64 * 1024;
    pub const MIN_ITERATIONS: u32 = 3;
    /// The tuned policy's memory: 256 MiB.
    pub const POLICY_MEMORY_KIB: u32 = 256 * 1024;
    /// The tuned policy's time for one derivation, in milliseconds.
    pub const TARGET_MILLIS: u128 = 500;
    /// The most passes tuning adds (a very fast computer stops here).
    pub const MAX_TUNED_ITERATIONS: u32 = 24;

    /// Fresh parameters at the floor, with a new random salt.
    pub fn fresh() -> Self {
        Self::with_cost(Self::MIN_MEMORY_KIB, Self::MIN_ITERATIONS)
    }

    fn with_cost(memory_kib: u32, iterations: u32) -> Self {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        KdfParams {
            algorithm: "argon2id".into(),
            version: 19,
            memory_kib,
            iterations,
            parallelism: 1,
            salt: hex::encode(salt),
        }
    }

    /// Whether these parameters are weaker than the policy in force (the
    /// passphrase is then re-wrapped at the next unlock).
    pub fn below_policy(&self) -> bool {
        kdf_policy() == KdfPolicy::Tuned && self.memory_kib < Self::POLICY_MEMORY_KIB
    }

    /// Parameters for `secret` under the policy in force, with the wrapping
    /// key they derive. Tuning times a derivation at the policy's floor and,
    /// when it is quicker than the target, adds passes in proportion and
    /// derives again: at most two derivations, the last one the one kept.
    fn tuned_for(secret: &[u8]) -> Result<(KdfParams, WrappingKey)> {
        if kdf_policy() == KdfPolicy::Minimum {
            let kdf = Self::fresh();
            let kek = kdf.derive(secret)?;
            return Ok((kdf, kek));
        }
        let kdf = Self::with_cost(Self::POLICY_MEMORY_KIB, Self::MIN_ITERATIONS);
        let started = std::time::Instant::now();
        let kek = kdf.derive(secret)?;
        let took = started.elapsed().as_millis().max(1);
        if took * 10 >= Self::TARGET_MILLIS * 9 {
            return Ok((kdf, kek));
        }
        let scaled = (Self::MIN_ITERATIONS as u128 * Self::TARGET_MILLIS / took) as u32;
        let iterations = scaled.clamp(Self::MIN_ITERATIONS, Self::MAX_TUNED_ITERATIONS);
        if iterations == Self::MIN_ITERATIONS {
            return Ok((kdf, kek));
        }
        let kdf = Self::with_cost(Self::POLICY_MEMORY_KIB, iterations);
        let kek = kdf.derive(secret)?;
        Ok((kdf, kek))
    }

    /// Checks the parameters are ones Cohort writes: never weaker than the
    /// minimum, never so large that unlocking would hang the machine.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.algorithm != "argon2id" {
            return Err(format!("unknown key derivation '{}'", self.algorithm));
        }
        if self.version != 19 {
            return Err(format!("unknown Argon2 version {}", self.version));
        }
        if !(Self::MIN_MEMORY_KIB..=4 * 1024 * 1024).contains(&self.memory_kib) {
            return Err(format!("Argon2 memory {} KiB out of range", self.memory_kib));
        }
        if !(Self::MIN_ITERATIONS..=64).contains(&self.iterations) {
            return Err(format!("Argon2 iterations {} out of range", self.iterations));
        }
        if !(1..=16).contains(&self.parallelism) {
            return Err(format!("Argon2 parallelism {} out of range", self.parallelism));
        }
        match hex::decode(&self.salt) {
            Ok(s) if s.len() >= 16 => Ok(()),
            _ => Err("salt is not 16 or more hex-encoded bytes".into()),
        }
    }

    fn derive(&self, secret: &[u8]) -> Result<WrappingKey> {
        self.validate().map_err(Error::HeaderDamaged)?;
        let salt = hex::decode(&self.salt).map_err(|e| Error::HeaderDamaged(e.to_string()))?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| Error::HeaderDamaged(e.to_string()))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(secret, &salt, out.as_mut())
            .map_err(|e| Error::Internal(format!("key derivation: {e}")))?;
        Ok(WrappingKey(out))
    }
}

/// The data key sealed under a wrapping key (XChaCha20-Poly1305).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    pub kdf: KdfParams,
    /// Always "xchacha20poly1305".
    pub aead: String,
    /// 24 random bytes, hex.
    pub nonce: String,
    /// The 32-byte data key followed by the 16-byte tag, hex.
    pub ciphertext: String,
}

/// Associated data bound into every wrap: the vault and which slot it is.
fn wrap_aad(vault_id: &str, slot: &str) -> Vec<u8> {
    format!("cohort-vault/1/{vault_id}/{slot}").into_bytes()
}

impl WrappedKey {
    fn seal(key: &DataKey, kek: &WrappingKey, kdf: KdfParams, vault_id: &str, slot: &str) -> Self {
        let cipher = XChaCha20Poly1305::new(kek.0.as_ref().into());
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let aad = wrap_aad(vault_id, slot);
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &key.0[..],
                    aad: &aad,
                },
            )
            .expect("XChaCha20-Poly1305 encryption of 32 bytes cannot fail");
        WrappedKey {
            kdf,
            aead: "xchacha20poly1305".into(),
            nonce: hex::encode(nonce),
            ciphertext: hex::encode(ct),
        }
    }

    /// `None` when the key does not open the wrap (wrong secret).
    fn open(&self, kek: &WrappingKey, vault_id: &str, slot: &str) -> Result<Option<DataKey>> {
        if self.aead != "xchacha20poly1305" {
            return Err(Error::HeaderDamaged(format!("unknown cipher '{}'", self.aead)));
        }
        let nonce = hex::decode(&self.nonce).map_err(|e| Error::HeaderDamaged(e.to_string()))?;
        let ct = hex::decode(&self.ciphertext).map_err(|e| Error::HeaderDamaged(e.to_string()))?;
        if nonce.len() != 24 || ct.len() != 48 {
            return Err(Error::HeaderDamaged("wrapped key has the wrong length".into()));
        }
        let cipher = XChaCha20Poly1305::new(kek.0.as_ref().into());
        let aad = wrap_aad(vault_id, slot);
        match cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &ct, aad: &aad }) {
            Ok(plain) => {
                let plain = Zeroizing::new(plain);
                let mut k = Box::new([0u8; 32]);
                k.copy_from_slice(&plain);
                Ok(Some(DataKey(k)))
            }
            Err(_) => Ok(None),
        }
    }

    pub(crate) fn seal_with_passphrase(key: &DataKey, pass: &Passphrase, vault_id: &str) -> Result<Self> {
        let (kdf, kek) = KdfParams::tuned_for(pass.as_str().as_bytes())?;
        Ok(Self::seal(key, &kek, kdf, vault_id, SLOT_PASSPHRASE))
    }

    /// The recovery key is 160 random bits: no amount of guessing reaches it,
    /// so its derivation stays at the floor and costs the clinician nothing.
    pub(crate) fn seal_with_recovery(key: &DataKey, rk: &RecoveryKey, vault_id: &str) -> Result<Self> {
        let kdf = KdfParams::fresh();
        let kek = kdf.derive(rk.0.as_ref())?;
        Ok(Self::seal(key, &kek, kdf, vault_id, SLOT_RECOVERY))
    }

    pub fn open_with_passphrase(&self, pass: &Passphrase, vault_id: &str) -> Result<DataKey> {
        let kek = self.kdf.derive(pass.as_str().as_bytes())?;
        self.open(&kek, vault_id, SLOT_PASSPHRASE)?
            .ok_or(Error::WrongPassphrase)
    }

    pub(crate) fn open_with_recovery(&self, rk: &RecoveryKey, vault_id: &str) -> Result<DataKey> {
        let kek = self.kdf.derive(rk.0.as_ref())?;
        self.open(&kek, vault_id, SLOT_RECOVERY)?
            .ok_or(Error::WrongRecoveryKey)
    }
}

pub(crate) const SLOT_PASSPHRASE: &str = "passphrase";
pub(crate) const SLOT_RECOVERY: &str = "recovery";

/// Bytes of randomness in a recovery key (160 bits).
const RECOVERY_KEY_BYTES: usize = 20;

/// Crockford's base32: no I, L, O or U, so nothing is easy to misread.
fn crockford() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzOoIiLl");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
    spec.ignore.push_str("- ");
    spec.encoding().expect("valid base32 specification")
}

/// The recovery key: 160 random bits, shown once as eight groups of four.
pub struct RecoveryKey(Zeroizing<[u8; RECOVERY_KEY_BYTES]>);

impl RecoveryKey {
    pub fn generate() -> Self {
        let mut k = Zeroizing::new([0u8; RECOVERY_KEY_BYTES]);
        OsRng.fill_bytes(k.as_mut());
        RecoveryKey(k)
    }

    /// Reads a key as the clinician typed it: case, spaces and dashes do
    /// not matter, and O/I/L are read as 0/1/1.
    pub fn parse(text: &str) -> Result<Self> {
        let trimmed: Zeroizing<String> = Zeroizing::new(text.trim().to_string());
        let significant = trimmed.chars().filter(|c| !matches!(c, '-' | ' ')).count();
        if significant != 32 {
            return Err(Error::MalformedRecoveryKey(format!(
                "A recovery key has 32 letters and digits in eight groups of four; this one has {significant}."
            )));
        }
        let bytes = Zeroizing::new(crockford().decode(trimmed.as_bytes()).map_err(|_| {
            Error::MalformedRecoveryKey(
                "A recovery key uses only the digits 0–9 and the letters A–Z except I, L, O and U. Check for a mistyped character.".into(),
            )
        })?);
        if bytes.len() != RECOVERY_KEY_BYTES {
            return Err(Error::MalformedRecoveryKey(
                "That recovery key is not complete.".into(),
            ));
        }
        let mut k = Zeroizing::new([0u8; RECOVERY_KEY_BYTES]);
        k.copy_from_slice(&bytes);
        Ok(RecoveryKey(k))
    }

    /// The key as the clinician writes it down: `XXXX-XXXX-…` (8 groups).
    pub fn display(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(crockford().encode(self.0.as_ref()));
        let groups: Vec<&str> = plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
            .collect();
        Zeroizing::new(groups.join("-"))
    }
}

/// How strong a passphrase is, for the feedback shown while typing.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PassphraseStrength {
    /// 0 (very weak) to 4 (very strong).
    pub score: u8,
    /// True when Cohort accepts it for a vault.
    pub acceptable: bool,
    /// Why it is refused, when it is.
    pub problem: Option<String>,
    /// Ideas for a stronger one.
    pub suggestions: Vec<String>,
}

/// Rates a passphrase and says, in plain words, why a weak one is refused.
pub fn rate_passphrase(pass: &str) -> PassphraseStrength {
    let chars = pass.chars().count();
    if chars == 0 {
        return PassphraseStrength {
            score: 0,
            acceptable: false,
            problem: Some("Enter a passphrase.".into()),
            suggestions: vec![],
        };
    }
    // zxcvbn is slow on very long input and adds nothing there.
    let sample: String = pass.chars().take(100).collect();
    let entropy = zxcvbn::zxcvbn(&sample, &["cohort", "therapy", "group", "vault"]);
    let score = entropy.score() as u8;
    let mut suggestions: Vec<String> = entropy
        .feedback()
        .map(|f| f.suggestions().iter().map(|s| s.to_string()).collect())
        .unwrap_or_default();
    let warning = entropy
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| w.to_string());
    let problem = if chars < MIN_PASSPHRASE_CHARS {
        Some(format!(
            "Use at least {MIN_PASSPHRASE_CHARS} characters ({chars} so far). A few unrelated words make a strong, memorable passphrase."
        ))
    } else if chars > MAX_PASSPHRASE_CHARS {
        Some(format!("Use at most {MAX_PASSPHRASE_CHARS} characters."))
    } else if score < 3 {
        let why = warning.unwrap_or_else(|| "It would be too easy to guess.".into());
        if suggestions.is_empty() {
            suggestions.push("Add another word or two that are not related to each other.".into());
        }
        Some(format!("This passphrase is too weak. {why}"))
    } else if score < 4 && chars < LONG_PASSPHRASE_CHARS {
        // Health records: "fairly strong" is not enough unless it is long.
        if suggestions.is_empty() {
            suggestions.push("Add another word that is not related to the others.".into());
        }
        Some(format!(
            "This passphrase could still be guessed. Add another unrelated word, or use {LONG_PASSPHRASE_CHARS} characters or more."
        ))
    } else {
        None
    };
    PassphraseStrength {
        score,
        acceptable: problem.is_none(),
        problem,
        suggestions,
    }
}

/// Refuses a passphrase that is too short, too long or too easy to guess.
pub fn check_new_passphrase(pass: &Passphrase) -> Result<()> {
    let r = rate_passphrase(pass.as_str());
    match r.problem {
        None => Ok(()),
        Some(p) => Err(Error::WeakPassphrase(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_its_display_form_with_typing_slack() {
        let k = RecoveryKey::generate();
        let shown = k.display();
        assert_eq!(shown.len(), 39, "8 groups of 4 plus 7 dashes");
        let typed = shown.to_lowercase().replace('-', " ").replace('0', "o");
        let back = RecoveryKey::parse(&typed).unwrap();
        assert_eq!(back.0.as_ref(), k.0.as_ref());
    }

    #[test]
    fn recovery_key_with_wrong_length_or_symbol_is_refused_with_reason() {
        let e = RecoveryKey::parse("ABCD-EFGH").err().unwrap();
        assert!(e.to_string().contains("32 letters and digits"));
        let e = RecoveryKey::parse("UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU")
            .err()
            .unwrap();
        assert!(e.to_string().contains("mistyped"));
    }

    #[test]
    fn weak_and_short_passphrases_are_refused_strong_ones_accepted() {
        assert!(!rate_passphrase("short").acceptable);
        assert!(rate_passphrase("short").problem.unwrap().contains("at least 12"));
        let weak = rate_passphrase("passwordpassword");
        assert!(!weak.acceptable);
        assert!(weak.problem.unwrap().contains("too weak"));
        assert!(rate_passphrase("maple kettle orbit lantern").acceptable);
    }

    #[test]
    fn a_fairly_strong_passphrase_is_refused_unless_it_is_long() {
        // The estimator scores both 3 of 4.
        let short = rate_passphrase("Summer2024!!");
        assert_eq!(short.score, 3);
        assert!(!short.acceptable);
        assert!(short.problem.unwrap().contains("20 characters or more"));
        let long = rate_passphrase("password1234567890ab");
        assert_eq!(long.score, 3);
        assert!(long.acceptable, "20 characters and more may score 3");
    }
}
