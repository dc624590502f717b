#!/usr/bin/env python3
"""An independent reader of the Cohort vault format, written from
docs/vault-format.md alone (Python, not Cohort's Rust code).

    open_vault.py VAULT_DIR            # passphrase as one line on stdin
    open_vault.py VAULT_DIR --recovery # recovery key as one line on stdin

Checks the header's checksum, derives the key with Argon2id, unwraps the
data key with XChaCha20-Poly1305, checks the header MAC, opens the SQLCipher
database and prints its schema version and the profile's name. Exit 0 on
success, 1 with a message otherwise. `make test` runs it against a vault made
by the `cohort` CLI, so the document cannot drift from the code.
"""
import hashlib
import hmac
import json
import sys
from pathlib import Path

import nacl.bindings
import sqlcipher3
from argon2.low_level import Type, hash_secret_raw

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def canonical(h):
    lines = ["cohort-vault-header"]
    lines += [f"format={h['format']}", f"format_version={h['format_version']}",
              f"vault_id={h['vault_id']}", f"created_at={h['created_at']}"]
    for slot in ("passphrase", "recovery"):
        w = h[slot]
        k = w["kdf"]
        for name, value in [("kdf.algorithm", k["algorithm"]), ("kdf.version", k["version"]),
                            ("kdf.memory_kib", k["memory_kib"]), ("kdf.iterations", k["iterations"]),
                            ("kdf.parallelism", k["parallelism"]), ("kdf.salt", k["salt"]),
                            ("aead", w["aead"]), ("nonce", w["nonce"]), ("ciphertext", w["ciphertext"])]:
            lines.append(f"{slot}.{name}={value}")
    return ("\n".join(lines) + "\n").encode()


def recovery_bytes(text):
    s = text.strip().upper().replace("-", "").replace(" ", "")
    s = s.replace("O", "0").replace("I", "1").replace("L", "1")
    bits = "".join(format(CROCKFORD.index(c), "05b") for c in s)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, 160, 8))


def unwrap(h, slot, secret):
    w = h[slot]
    k = w["kdf"]
    kek = hash_secret_raw(secret, bytes.fromhex(k["salt"]), time_cost=k["iterations"],
                          memory_cost=k["memory_kib"], parallelism=k["parallelism"],
                          hash_len=32, type=Type.ID, version=k["version"])
    aad = f"cohort-vault/1/{h['vault_id']}/{slot}".encode()
    return nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
        bytes.fromhex(w["ciphertext"]), aad, bytes.fromhex(w["nonce"]), kek)


def main():
    vault = Path(sys.argv[1])
    use_recovery = "--recovery" in sys.argv
    secret_line = sys.stdin.readline().rstrip("\r\n")
    h = json.loads((vault / "vault.json").read_text())
    canon = canonical(h)
    if hashlib.sha256(canon).hexdigest() != h["checksum"]:
        sys.exit("header checksum does not match")
    if use_recovery:
        key = unwrap(h, "recovery", recovery_bytes(secret_line))
    else:
        key = unwrap(h, "passphrase", secret_line.encode())
    mac_key = hmac.new(key, b"cohort-vault header mac v1", hashlib.sha256).digest()
    if not hmac.compare_digest(hmac.new(mac_key, canon, hashlib.sha256).hexdigest(), h["mac"]):
        sys.exit("header MAC does not match")
    db = sqlcipher3.connect(str(vault / "cohort.db"))
    db.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    version = db.execute("PRAGMA user_version").fetchone()[0]
    name = db.execute("SELECT full_name FROM clinician_profile WHERE id = 1").fetchone()[0]
    groups = db.execute("SELECT count(*) FROM groups").fetchone()[0]
    print(f"opened: schema {version}, profile '{name}', {groups} group(s)")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a reader's error, reported plainly
        sys.exit(f"could not open the vault: {e}")
