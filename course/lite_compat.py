"""What the browser's Python (Pyodide 0.27.7, CPython 3.12) lacks that the course uses; imported by the
self-study site's install cell, a no-op anywhere else.

* `hashlib.pbkdf2_hmac` (course.checks hashes the expected answers with it): CPython 3.12 takes it from OpenSSL
  only, and the site does not ship Pyodide's OpenSSL-backed `hashlib` module. The pure-Python version below is
  the one CPython shipped up to 3.11 (same results, RFC 8018); it is used only when hashlib has none.
* jieba's sources (2020) hold escape sequences that Python 3.12 warns about while it compiles them; a desktop
  install compiles them at install time, unseen, the browser at first import, into a lesson's output. So
  jieba, when the site loaded it, is imported here once with those warnings silenced.
* matplotlib builds its font cache in every new browser kernel (the browser keeps no ~/.cache between
  sessions) and says so on stderr, which a notebook shows like an error: that one notice is silenced.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import sys
import warnings

_TRANS_5C = bytes(x ^ 0x5C for x in range(256))
_TRANS_36 = bytes(x ^ 0x36 for x in range(256))


def pbkdf2_hmac(hash_name: str, password: bytes, salt: bytes, iterations: int, dklen: int | None = None) -> bytes:
    """Password-based key derivation function 2 (PKCS #5 v2.0) with HMAC as pseudorandom function."""
    if not isinstance(hash_name, str):
        raise TypeError(hash_name)
    password, salt = bytes(memoryview(password)), bytes(memoryview(salt))
    inner, outer = hashlib.new(hash_name), hashlib.new(hash_name)
    blocksize = getattr(inner, "block_size", 64)
    if len(password) > blocksize:
        password = hashlib.new(hash_name, password).digest()
    password = password + b"\x00" * (blocksize - len(password))
    inner.update(password.translate(_TRANS_36))
    outer.update(password.translate(_TRANS_5C))

    def prf(msg: bytes) -> bytes:
        icpy, ocpy = inner.copy(), outer.copy()
        icpy.update(msg)
        ocpy.update(icpy.digest())
        return ocpy.digest()

    if iterations < 1:
        raise ValueError(iterations)
    dklen = dklen or outer.digest_size
    if dklen < 1:
        raise ValueError(dklen)
    dkey, loop = b"", 1
    while len(dkey) < dklen:
        prev = prf(salt + loop.to_bytes(4, "big"))
        rkey = int.from_bytes(prev, "big")
        for _ in range(iterations - 1):
            prev = prf(prev)
            rkey ^= int.from_bytes(prev, "big")
        loop += 1
        dkey += rkey.to_bytes(inner.digest_size, "big")
    return dkey[:dklen]


def install() -> list[str]:
    """Fill the gaps of this Python; returns what was filled."""
    filled = []
    if not hasattr(hashlib, "pbkdf2_hmac"):
        hashlib.pbkdf2_hmac = pbkdf2_hmac
        filled.append("hashlib.pbkdf2_hmac")
    if sys.platform == "emscripten":
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        filled.append("quiet font cache")
    if importlib.util.find_spec("jieba") is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            import jieba  # noqa: F401 - compiled now, quietly
        filled.append("jieba compiled")
    return filled


FILLED = install()
