"""Password hashing with Argon2id (argon2-cffi), a deliberately slow, memory-hard hash."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Checked when no account has the e-mail, so an unknown address costs the same Argon2 work as a wrong password and
# the answer's timing does not tell which addresses are registered.
_DUMMY_HASH = _hasher.hash("no account has this password")


def verify_nobody(password: str) -> None:
    """Spend a real password check on no account."""
    verify_password(_DUMMY_HASH, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
