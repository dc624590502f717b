//! The passphrase's key derivation: tuned when a passphrase is sealed (at
//! least 256 MiB, passes added toward half a second on this computer), and a
//! vault sealed under weaker settings re-wrapped at its next unlock.
//!
//! Debug builds seal at the floor so that the other suites stay fast; this
//! suite sets the tuned policy itself, in its own process.

mod common;

use cohort::vault::keys::{set_kdf_policy, KdfParams, KdfPolicy};
use cohort::vault::unlocked::read_header;
use cohort::{Origin, Vault};
use common::{pass, OTHER_PASS, PASS};

#[test]
fn a_weakly_sealed_vault_is_strengthened_at_unlock_and_new_passphrases_are_sealed_tuned() {
    set_kdf_policy(KdfPolicy::Minimum);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let created = Vault::create(&dir, &pass(PASS)).unwrap();
    created.vault.lock("test").unwrap();
    let weak = read_header(&dir).unwrap();
    assert_eq!(weak.passphrase.kdf.memory_kib, KdfParams::MIN_MEMORY_KIB);
    assert!(
        !weak.passphrase.kdf.below_policy(),
        "the floor is the policy while it is in force"
    );

    set_kdf_policy(KdfPolicy::Tuned);
    assert!(weak.passphrase.kdf.below_policy());
    let v = Vault::unlock(&dir, &pass(PASS), Origin::Cli, 0).unwrap();
    let tuned = v.header().passphrase.kdf.clone();
    let events: Vec<String> = cohort::vault::audit::recent(v.conn(), 5)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    v.lock("test").unwrap();
    assert!(
        events.contains(&"key_derivation_strengthened".to_string()),
        "{events:?}"
    );
    assert_eq!(tuned.memory_kib, KdfParams::POLICY_MEMORY_KIB);
    assert!((KdfParams::MIN_ITERATIONS..=KdfParams::MAX_TUNED_ITERATIONS).contains(&tuned.iterations));
    assert_ne!(tuned.salt, weak.passphrase.kdf.salt, "a fresh salt");
    let on_disk = read_header(&dir).unwrap();
    assert_eq!(on_disk.passphrase.kdf, tuned);
    // The recovery key (160 random bits) keeps the floor.
    assert_eq!(on_disk.recovery, weak.recovery);

    // The next unlock leaves the header as it is.
    let before = std::fs::read(dir.join("vault.json")).unwrap();
    let mut v = Vault::unlock(&dir, &pass(PASS), Origin::Cli, 0).unwrap();
    assert_eq!(std::fs::read(dir.join("vault.json")).unwrap(), before);

    // A new passphrase is sealed under the policy too.
    v.change_passphrase(&pass(PASS), &pass(OTHER_PASS)).unwrap();
    assert_eq!(v.header().passphrase.kdf.memory_kib, KdfParams::POLICY_MEMORY_KIB);
    v.lock("test").unwrap();
    Vault::unlock(&dir, &pass(OTHER_PASS), Origin::Cli, 0)
        .unwrap()
        .lock("test")
        .unwrap();
}
