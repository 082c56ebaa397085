#!/usr/bin/env python3
"""Check a Kuager log proof document without Kuager.

Usage: python3 verify_log_proof.py PROOF.json PUBLIC_KEY_HEX

PUBLIC_KEY_HEX is the log's Ed25519 public key as published on the public
site, obtained out of band. The key written inside the document is only
compared against it, never trusted on its own.

Exit status: 0 verified, 1 verification failed, 2 usage or setup problem.
Formats: docs/log-verification.md. Needs Python 3 and the `cryptography`
package (for Ed25519); SHA-256 comes from the standard library.
"""

import hashlib
import json
import re
import struct
import sys

HEX64 = re.compile(r"[0-9a-f]{64}")


class Failed(Exception):
    """The document does not prove what it claims."""


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


EMPTY_ROOT = sha256(b"")


def u64(n):
    return struct.pack(">Q", n)


def text(s):
    b = s.encode("utf-8")
    return u64(len(b)) + b


def get(obj, name, kind, where):
    """obj[name], checked to be a JSON string, integer (u64), list or object."""
    label = where + name
    if not isinstance(obj, dict) or name not in obj:
        raise Failed("missing field " + label)
    value = obj[name]
    if kind is int:
        # bool is an int in Python; JSON true is not a number.
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**64
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise Failed("field %s has the wrong type (want %s)" % (label, kind.__name__))
    return value


def hex_field(s, nbytes, label):
    if not isinstance(s, str) or not re.fullmatch("[0-9a-f]{%d}" % (2 * nbytes), s):
        raise Failed("malformed hex in field %s: expected %d lowercase hex characters"
                     % (label, 2 * nbytes))
    return bytes.fromhex(s)


def entry_bytes(entry):
    out = b"kuager-log-entry-v1" + u64(get(entry, "seq", int, "entry."))
    for name in ("at", "table", "key", "action", "digest"):
        out += text(get(entry, name, str, "entry."))
    return out


def check_head(head, where, public_key, InvalidSignature):
    size = get(head, "size", int, where)
    root_hex = get(head, "root", str, where)
    root = hex_field(root_hex, 32, where + "root")
    timestamp = get(head, "timestamp", str, where)
    sig = hex_field(get(head, "signature", str, where), 64, where + "signature")
    message = b"kuager-tree-head-v1" + u64(size) + text(root_hex) + text(timestamp)
    try:
        public_key.verify(sig, message)
    except InvalidSignature:
        raise Failed("bad signature on the %s tree head (size %d): not made by the trusted "
                     "key over exactly these fields" % (where.rstrip("."), size))
    return size, root, timestamp


def root_from_inclusion(leaf, index, size, path):
    """RFC 9162 section 2.1.3.2; None if the path has the wrong shape."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def roots_from_consistency(m, n, old_root, path):
    """RFC 9162 section 2.1.4.2 for 0 < m < n; None if the path has the wrong shape."""
    if not 0 < m < n or not path:
        return None
    # A power-of-two old tree is a whole subtree; the proof omits its root.
    if m & (m - 1) == 0:
        path = [old_root] + path
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return (fr, sr) if sn == 0 else None


def verify_inclusion(doc, key, InvalidSignature):
    size, root, timestamp = check_head(get(doc, "tree_head", dict, ""), "tree_head.", key,
                                       InvalidSignature)
    entry = get(doc, "entry", dict, "")
    index = get(doc, "leaf_index", int, "")
    if index >= size:
        raise Failed("leaf index %d is out of range for a tree of size %d" % (index, size))
    seq = get(entry, "seq", int, "entry.")
    if seq != index:
        raise Failed("entry seq %d does not match leaf index %d" % (seq, index))
    path = [hex_field(h, 32, "audit_path[%d]" % i)
            for i, h in enumerate(get(doc, "audit_path", list, ""))]
    computed = root_from_inclusion(leaf_hash(entry_bytes(entry)), index, size, path)
    if computed is None:
        raise Failed("audit_path has the wrong number of hashes for leaf %d in a tree of size %d"
                     % (index, size))
    if computed != root:
        raise Failed("root mismatch: the entry and audit_path lead to root %s, but the signed "
                     "tree head says %s" % (computed.hex(), root.hex()))
    return ("inclusion verified: log entry %d (%s %s %s at %s, digest %s) is leaf %d of the log "
            "tree of size %d with root %s, signed at %s"
            % (seq, entry["action"], entry["table"], entry["key"], entry["at"], entry["digest"],
               index, size, root.hex(), timestamp))


def verify_consistency(doc, key, InvalidSignature):
    m, old_root, old_time = check_head(get(doc, "old", dict, ""), "old.", key, InvalidSignature)
    n, new_root, new_time = check_head(get(doc, "new", dict, ""), "new.", key, InvalidSignature)
    path = [hex_field(h, 32, "path[%d]" % i) for i, h in enumerate(get(doc, "path", list, ""))]
    if m > n:
        raise Failed("old tree size %d is larger than the new tree size %d" % (m, n))
    if m == 0:
        # The empty tree is a prefix of every tree.
        if path or old_root != EMPTY_ROOT or (n == 0 and new_root != EMPTY_ROOT):
            raise Failed("a proof from size 0 must have an empty path and empty-tree roots")
    elif m == n:
        if path:
            raise Failed("a proof between equal sizes must have an empty path")
        if old_root != new_root:
            raise Failed("root mismatch: both tree heads have size %d but different roots: the "
                         "log shows two different histories" % n)
    else:
        roots = roots_from_consistency(m, n, old_root, path)
        if roots is None:
            raise Failed("path has the wrong number of hashes for old size %d and new size %d"
                         % (m, n))
        if roots[0] != old_root:
            raise Failed("root mismatch: the path rebuilds old root %s, but the old tree head "
                         "says %s" % (roots[0].hex(), old_root.hex()))
        if roots[1] != new_root:
            raise Failed("root mismatch: the path rebuilds new root %s, but the new tree head "
                         "says %s" % (roots[1].hex(), new_root.hex()))
    return ("consistency verified: the log tree of size %d (root %s, signed at %s) is a prefix "
            "of the log tree of size %d (root %s, signed at %s)"
            % (m, old_root.hex(), old_time, n, new_root.hex(), new_time))


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        print("error: this checker needs the Python package 'cryptography' for Ed25519 "
              "signatures; install it with:  python3 -m pip install cryptography",
              file=sys.stderr)
        return 2

    trusted_hex = argv[2].strip().lower()
    if not HEX64.fullmatch(trusted_hex):
        print("error: the public key must be 64 hex characters", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("FAILED: cannot read the proof document: %s" % e)
        return 1

    try:
        if not isinstance(doc, dict):
            raise Failed("the proof document is not a JSON object")
        doc_key = get(doc, "public_key", str, "")
        if doc_key != trusted_hex:
            raise Failed("the document names public key %s, which is not the trusted key %s"
                         % (doc_key, trusted_hex))
        try:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(trusted_hex))
        except ValueError:
            raise Failed("the trusted key is not a valid Ed25519 public key")
        kind = get(doc, "kind", str, "")
        if kind == "inclusion":
            summary = verify_inclusion(doc, key, InvalidSignature)
        elif kind == "consistency":
            summary = verify_consistency(doc, key, InvalidSignature)
        else:
            raise Failed('unknown kind %r, expected "inclusion" or "consistency"' % kind)
    except Failed as e:
        print("FAILED: %s" % e)
        return 1
    print("OK: %s; signed by key %s" % (summary, trusted_hex))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
