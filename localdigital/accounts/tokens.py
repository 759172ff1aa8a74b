"""Secret tokens for emailed links: the link carries the token, the database keeps only its hash."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """A fresh token for a link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
