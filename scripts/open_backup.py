#!/usr/bin/env python3
"""An independent reader of Cohort's backup files, written from section 10
of docs/vault-format.md alone (Python, not Cohort's Rust code).

    open_backup.py FILE.cohortbackup            # passphrase as one line on stdin
    open_backup.py FILE.cohortbackup --recovery # recovery key as one line on stdin

Checks the prologue, the lengths, the envelope's and the database's SHA-256,
derives the data key from the embedded header, checks the MAC, decrypts the
manifest, opens the database (copied to a private temporary folder, still
encrypted) and checks every page, its integrity, the audit chain and every
table's row count against the manifest. Prints what it holds. Exit 0 on
success, 1 with a message otherwise.
"""
import hashlib
import hmac
import json
import os
import sys
import tempfile
from pathlib import Path

import nacl.bindings
import sqlcipher3

sys.path.insert(0, str(Path(__file__).parent))
from open_vault import canonical, recovery_bytes, unwrap  # noqa: E402  (section 1-2 of the same document)

MAGIC = b"CohortBackup\r\n\x1a\n"


def sub_key(key, purpose):
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


def chain_hash(prev, seq, at, event, detail):
    h = hashlib.sha256()
    for part in (prev, str(seq), at, event, detail):
        h.update(part.encode())
        h.update(b"\n")
    return h.hexdigest()


def main():
    path = Path(sys.argv[1])
    use_recovery = "--recovery" in sys.argv
    secret = sys.stdin.readline().rstrip("\r\n")
    data = path.read_bytes()
    if len(data) < 100 or sum(a == b for a, b in zip(data[:16], MAGIC)) < 12:
        sys.exit("not a Cohort backup")
    if data[:16] != MAGIC or hashlib.sha256(data[:68]).digest() != data[68:100]:
        sys.exit("damaged: the prologue")
    version = int.from_bytes(data[16:20], "little")
    if version != 1:
        sys.exit(f"backup format {version}: this reader knows 1")
    e_len = int.from_bytes(data[20:28], "little")
    d_len = int.from_bytes(data[28:36], "little")
    if len(data) < 132 + e_len + d_len:
        sys.exit(f"cut short: {len(data)} of {132 + e_len + d_len} bytes")
    if len(data) > 132 + e_len + d_len:
        sys.exit("damaged: bytes after its end")
    env_bytes = data[100:100 + e_len]
    if hashlib.sha256(env_bytes).digest() != data[36:68]:
        sys.exit("damaged: the envelope")
    env = json.loads(env_bytes)
    if env["format"] != "cohort-backup":
        sys.exit("not a Cohort backup")
    header = env["vault_header"]
    if hashlib.sha256(canonical(header)).hexdigest() != header["checksum"] or header["vault_id"] != env["vault_id"]:
        sys.exit("damaged: the vault header it carries")
    db_bytes = data[132 + e_len:]
    if env["database"]["bytes"] != d_len or hashlib.sha256(db_bytes).hexdigest() != env["database"]["sha256"]:
        sys.exit("damaged: the database")

    if use_recovery:
        key = unwrap(header, "recovery", recovery_bytes(secret))
    else:
        key = unwrap(header, "passphrase", secret.encode())
    mac = hmac.new(sub_key(key, "cohort-backup mac v1"), data[:100 + e_len], hashlib.sha256).digest()
    if not hmac.compare_digest(mac, data[100 + e_len:132 + e_len]):
        sys.exit("changed after it was made: the MAC does not match")
    key_id = hmac.new(sub_key(key, "cohort-backup key id v1"), env["vault_id"].encode(), hashlib.sha256).hexdigest()[:16]
    if key_id != env["key_id"]:
        sys.exit("the key id does not name this key")
    manifest_key = hmac.new(sub_key(key, "cohort-backup manifest key v1"), b"", hashlib.sha256).digest()
    aad = f"cohort-backup/1/{env['vault_id']}/{env['made_at']}".encode()
    manifest = json.loads(nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
        bytes.fromhex(env["manifest"]["ciphertext"]), aad, bytes.fromhex(env["manifest"]["nonce"]), manifest_key))

    with tempfile.TemporaryDirectory(prefix="open-backup-") as tmp:
        os.chmod(tmp, 0o700)
        db_path = Path(tmp) / "cohort.db"
        db_path.write_bytes(db_bytes)
        db = sqlcipher3.connect(str(db_path))
        db.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        if db.execute("PRAGMA cipher_integrity_check").fetchall():
            sys.exit("damaged: pages that do not verify")
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            sys.exit("damaged: integrity")
        if db.execute("PRAGMA user_version").fetchone()[0] != env["schema_version"]:
            sys.exit("the schema version differs from the envelope's")
        prev, count = "0" * 64, 0
        for seq, at, event, detail, h in db.execute("SELECT seq, at, event, detail, hash FROM audit_log ORDER BY seq"):
            if chain_hash(prev, seq, at, event, detail) != h:
                sys.exit(f"the audit chain breaks at entry {seq}")
            prev, count = h, count + 1
        if count != manifest["audit_entries"] or (count and prev != manifest["audit_last_hash"]):
            sys.exit("the audit trail differs from the manifest")
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        counted = [{"name": n, "rows": db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]} for n in names]
        if counted != manifest["tables"]:
            sys.exit("the records differ from the manifest")
        db.close()
    rows = {t["name"]: t["rows"] for t in counted}
    print(f"opened: backup made {env['made_at']} by Cohort {env['app_version']}, schema {env['schema_version']}, "
          f"{rows.get('members', 0)} member(s), {rows.get('notes', 0)} note(s), {count} audit entries")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as e:  # a reader's error, reported plainly
        sys.exit(f"could not open the backup: {e}")
