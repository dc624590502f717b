//! The vault: a folder holding the encrypted database, its plaintext header
//! and a lock file — everything about keeping records safe, and nothing
//! about what the records say.
//!
//! | file | what lives there |
//! | --- | --- |
//! | `keys` | secret types, Argon2id, key wrapping, the passphrase policy |
//! | `header` | `vault.json`: parse, validate, checksum, MAC, crash-safe replace |
//! | `folder` | where a vault lives, whether a folder holds one, the folder lock |
//! | `db` | opening the encrypted database: key, proof, version check, settings |
//! | `migrate` | the numbered migrations and the runner that applies them |
//! | `schema` | the schema this version of Cohort expects, compared with a live one |
//! | `audit` | the append-only, hash-chained audit trail |
//! | `rotate` | rotating the keys: the database re-encrypted under a new key, crash-safe at every step |
//! | `backup` | a backup file: made while the vault is in use, checked, restored into a new folder |
//! | `unlocked` | `Vault`: create, unlock, lock, change the passphrase, one transaction per action |
//! | `check` | what `cohort info` and `cohort check` report |
//! | `access` | `VaultAccess`: the app's hold on one vault — locked or unlocked, the inactivity lock |
//! | `keeping` | the app's hold on its backups: one running beside it, made before locking, checked, restored |

pub mod access;
pub mod audit;
pub mod backup;
pub mod check;
pub mod db;
pub mod folder;
pub mod header;
pub mod keeping;
pub mod keys;
pub mod migrate;
pub mod rotate;
pub mod schema;
pub mod unlocked;
pub mod wal;
