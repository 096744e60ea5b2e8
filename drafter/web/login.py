"""The login of drafter serve when it is opened to the network (``--host`` with ``--password``).

On this machine alone (the default) there is no login. Opened to a network, every page but
the login itself needs a session: the password is kept only as a salted scrypt hash, a
session is a random token in an HttpOnly, SameSite=Strict cookie, and a client that fails
too often is refused for a while.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

SESSION_COOKIE = "drafter_session"
MAX_FAILURES = 5
"""Failed logins allowed from one address within ``WINDOW_SECONDS``."""
WINDOW_SECONDS = 60.0
MIN_PASSWORD = 8


def password_hash(password: str, salt: bytes) -> bytes:
    """Return the scrypt hash of ``password`` with ``salt``."""
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


@dataclass
class Gate:
    """The password's hash, the sessions given, and the recent failures by address."""

    salt: bytes
    digest: bytes
    sessions: set[str] = field(default_factory=set)
    failures: dict[str, deque[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def for_password(cls, password: str) -> Gate:
        """Return the gate of ``password`` (only its salted hash is kept)."""
        salt = secrets.token_bytes(16)
        return cls(salt, password_hash(password, salt))

    def blocked(self, address: str) -> bool:
        """Return whether ``address`` failed too often lately."""
        with self.lock:
            recent = self._recent(address)
            return len(recent) >= MAX_FAILURES

    def log_in(self, address: str, password: str) -> str | None:
        """Return a new session for the right password; count a wrong one against ``address``."""
        if self.blocked(address):
            return None
        if hmac.compare_digest(password_hash(password, self.salt), self.digest):
            session = secrets.token_urlsafe(32)
            with self.lock:
                self.sessions.add(session)
                self.failures.pop(address, None)
            return session
        with self.lock:
            self._recent(address).append(time.monotonic())
        return None

    def valid(self, session: str | None) -> bool:
        """Return whether ``session`` was given by this gate."""
        if not session:
            return False
        with self.lock:
            return any(hmac.compare_digest(session, known) for known in self.sessions)

    def _recent(self, address: str) -> deque[float]:
        """Return the failures of ``address`` within the window (older ones dropped)."""
        recent = self.failures.setdefault(address, deque())
        while recent and time.monotonic() - recent[0] > WINDOW_SECONDS:
            recent.popleft()
        return recent
