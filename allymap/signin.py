"""Sign-in and roles: whether the app asks who you are, and what each person may see.

The laptop default is a single user: no ``[auth]`` in Streamlit's secrets, the app bound to
127.0.0.1, no login, and that user (the OS user) may do everything. A team instance signs
people in with Streamlit's own OpenID Connect login (``st.login``; the ``[auth]`` section of
``.streamlit/secrets.toml``, any OIDC provider) and gives each a role from a small roles file.
Listening beyond the loopback without sign-in is refused (``allymap serve`` exits 2; the app
itself stops too, in case it was started by hand) unless ``--no-auth`` says so explicitly.

Roles, each including the one before: ``viewer`` (maps, partner view, conflicts without the
personal interests behind a conflict of interest), ``checker`` (staffing checks and every
finding in full), ``admin`` (import, decisions, the audit trail, roles).

The roles file (``ALLYMAP_ROLES``, or ``allymap serve --roles``) is TOML::

    groups_claim = "groups"          # optional: the ID-token claim listing the user's groups
    [users]                          # e-mail address (any case) or the token's "sub"
    "ana@example.com" = "admin"
    [groups]
    "allymap-checkers" = "checker"

A person gets the highest role any of their entries gives; somebody in none gets nothing.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmodel.errors import AllymapError

__all__ = [
    "ADMIN",
    "CHECKER",
    "NO_AUTH_ENV",
    "ROLES",
    "ROLES_ENV",
    "SECRETS_ENV",
    "VIEWER",
    "RolesError",
    "RolesFile",
    "at_least",
    "auth_problem",
    "auth_section",
    "is_loopback",
    "os_user",
    "secrets_files",
    "serve_refusal",
]

VIEWER, CHECKER, ADMIN = "viewer", "checker", "admin"
ROLES = (VIEWER, CHECKER, ADMIN)
"""The roles from least to most allowed."""
ROLES_ENV = "ALLYMAP_ROLES"
SECRETS_ENV = "ALLYMAP_SECRETS"
NO_AUTH_ENV = "ALLYMAP_NO_AUTH"
"""Set to 1 by ``allymap serve --no-auth``: the app then serves beyond the loopback unsigned."""

_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_SHARED_KEYS = ("redirect_uri", "cookie_secret")


class RolesError(AllymapError):
    """The roles file cannot be used (the app then lets nobody in)."""


def at_least(role: str | None, needed: str) -> bool:
    """Whether ``role`` includes ``needed`` (None, or a role that is not one, includes none)."""
    return role in ROLES and needed in ROLES and ROLES.index(role) >= ROLES.index(needed)


def os_user() -> str:
    """Who runs the CLI or a single-user app, as the audit trail names them."""
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


# ---- is sign-in configured? ----------------------------------------------------------------


def secrets_files(extra: str | None = None) -> list[Path]:
    """The secrets files Streamlit reads, in its order (later ones win): the user's
    ``~/.streamlit/secrets.toml``, the working folder's ``.streamlit/secrets.toml``, then
    ``extra`` (``--secrets`` / ``ALLYMAP_SECRETS``)."""
    files = [
        Path.home() / ".streamlit" / "secrets.toml",
        Path.cwd() / ".streamlit" / "secrets.toml",
    ]
    chosen = extra or os.environ.get(SECRETS_ENV) or None
    if chosen:
        files.append(Path(chosen).expanduser().resolve())
    return files


def auth_section(files: Iterable[Path]) -> dict[str, Any] | None:
    """The merged ``[auth]`` section of the secrets files that exist, or None if none has one.
    A file that cannot be read as TOML raises RolesError naming it (Streamlit would fail on
    it too, later and less clearly)."""
    merged: dict[str, Any] | None = None
    for path in files:
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise RolesError(f"Cannot read the secrets file {path}: {err}") from err
        section = data.get("auth")
        if isinstance(section, dict):
            merged = {**(merged or {}), **section}
    return merged


def auth_problem(section: Mapping[str, Any] | None) -> str | None:
    """What keeps ``[auth]`` from signing anybody in, in words; None when it is complete: the
    shared keys and, at the top or in one named provider (``[auth.NAME]``), the provider's."""
    if section is None:
        return "there is no [auth] section in the secrets"
    missing = [k for k in _SHARED_KEYS if not section.get(k)]
    if missing:
        return f"[auth] lacks {', '.join(missing)}"
    providers = [section] + [v for v in section.values() if isinstance(v, Mapping)]
    if not any(all(p.get(k) for k in _PROVIDER_KEYS) for p in providers):
        return f"[auth] names no provider with {', '.join(_PROVIDER_KEYS)}"
    if not str(section["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        return "[auth] redirect_uri must end with /oauth2callback"
    return None


def is_loopback(address: str) -> bool:
    """Whether every address ``address`` names is this machine's loopback (127.0.0.0/8, ::1);
    an empty address or one that does not resolve is not ("" means every interface)."""
    if not address:
        return False
    try:
        infos = socket.getaddrinfo(address, None)
    except (socket.gaierror, UnicodeError):
        return False
    found = {info[4][0] for info in infos}
    return bool(found) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in found
    )


def serve_refusal(address: str, section: Mapping[str, Any] | None, no_auth: bool) -> str | None:
    """Why the app may not listen on ``address``, or None: beyond the loopback it needs a
    complete sign-in, unless ``no_auth``."""
    if is_loopback(address) or no_auth:
        return None
    problem = auth_problem(section)
    if problem is None:
        return None
    return (
        f"Refusing to serve on {address}: anyone who reaches it would see every firewall and "
        f"everyone's interests, and sign-in is not configured ({problem}). Configure sign-in "
        "(the [auth] section of .streamlit/secrets.toml, or --secrets FILE; see "
        "docs/deployment.md), serve on 127.0.0.1, or pass --no-auth to serve unsigned anyway."
    )


# ---- the roles file ------------------------------------------------------------------------


@dataclass(frozen=True)
class RolesFile:
    """Who has which role: by user (e-mail, any case, or ``sub``) and by group."""

    users: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    groups_claim: str = "groups"

    @classmethod
    def load(cls, path: str | Path) -> RolesFile:
        """Read and check a roles file: any role that is not one of :data:`ROLES` is refused
        naming its entry, so a typo never gives somebody a role nobody meant."""
        where = Path(path).expanduser()
        try:
            data = tomllib.loads(where.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise RolesError(f"Cannot read the roles file {where}: {err}") from err
        unknown = sorted(set(data) - {"users", "groups", "groups_claim"})
        if unknown:
            raise RolesError(f"The roles file {where} has unknown entries: {', '.join(unknown)}")
        tables: dict[str, dict[str, str]] = {}
        for name in ("users", "groups"):
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise RolesError(f"The roles file {where}: [{name}] must be a table")
            for who, role in table.items():
                if role not in ROLES:
                    raise RolesError(
                        f"The roles file {where}: {name} entry {who!r} has role {role!r}; a role "
                        f"is one of {', '.join(ROLES)}"
                    )
            tables[name] = {
                (str(who).casefold() if name == "users" else str(who)): str(role)
                for who, role in table.items()
            }
        claim = data.get("groups_claim", "groups")
        if not isinstance(claim, str) or not claim:
            raise RolesError(f"The roles file {where}: groups_claim must be a claim name")
        return cls(tables["users"], tables["groups"], claim)

    def role_for(self, claims: Mapping[str, Any]) -> str | None:
        """The highest role the identity's claims give, or None."""
        found: list[str] = []
        for key in ("email", "sub"):
            value = claims.get(key)
            if isinstance(value, str) and value.casefold() in self.users:
                found.append(self.users[value.casefold()])
        groups = claims.get(self.groups_claim)
        if isinstance(groups, str):
            groups = [groups]
        if isinstance(groups, Sequence):
            found += [self.groups[g] for g in groups if isinstance(g, str) and g in self.groups]
        return max(found, key=ROLES.index) if found else None
