"""Who may do what: the deployment's mode and the mapping of a signed-in identity to a role.

Why a module of its own, without Streamlit: the rules decide what a viewer can
see (restricted layers, the Data page) and what the audit log says, so they
must be small, pure and tested on their own.  ``components.auth`` feeds them
what Streamlit knows (``st.user``, ``st.secrets``, the listen address); the
command line and the store's first seeding use ``deployment_role``.

Roles: ``public`` (read-only, never sees restricted layers or records),
``coordinator`` (every page and layer; imports, rolls back, publishes) and
``admin`` (a coordinator who may also withdraw published snapshots).

Modes of a running server:

- ``public-only``: ``ATLAS_ROLE=public`` (a donor-facing deployment), or a
  server that listens beyond this computer without ``[auth]`` configured.
  Everyone is ``public``; no sign-in is offered.
- ``sign-in``: ``[auth]`` is configured in ``.streamlit/secrets.toml``.  The
  role comes from the signed-in identity through the ``[roles]`` mapping
  (``RoleMapping``); anyone else, signed in or not, is ``public``.
- ``local``: no ``[auth]`` and the server listens on this computer only
  (``make run``): the local user is a coordinator.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

ROLES = ("public", "coordinator", "admin")
Role = Literal["public", "coordinator", "admin"]
Mode = Literal["public-only", "sign-in", "local"]
DEFAULT_GROUP_CLAIM = "groups"


def deployment_role() -> str:
    """The deployment switch ``ATLAS_ROLE``: ``public`` makes a public-only
    deployment.  Unset (or ``coordinator``) leaves the role to sign-in or local
    mode; any other value is a typo and fails safe to ``public``."""
    value = (os.environ.get("ATLAS_ROLE") or "coordinator").strip().lower()
    return "coordinator" if value == "coordinator" else "public"


def is_loopback(address: str | None) -> bool:
    """True when a server bound to ``address`` is reachable from this computer only.
    ``None``/empty (Streamlit's default) and ``0.0.0.0``/``::`` listen everywhere."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to a public interface
        return False


def auth_complete(section: Mapping[str, object] | None) -> bool:
    """True when an ``[auth]`` section is complete enough to sign in with
    Streamlit: ``redirect_uri``, ``cookie_secret`` and a provider's
    ``server_metadata_url`` (flat, or in one ``[auth.NAME]`` sub-section)."""
    if not section or not section.get("redirect_uri") or not section.get("cookie_secret"):
        return False
    if section.get("server_metadata_url"):
        return True
    return any(isinstance(v, Mapping) and v.get("server_metadata_url") for v in section.values())


def deployment_mode(*, atlas_role: str, auth_configured: bool, address: str | None) -> Mode:
    """Which of the three modes a server runs in (see the module docstring)."""
    if atlas_role == "public":
        return "public-only"
    if auth_configured:
        return "sign-in"
    return "local" if is_loopback(address) else "public-only"


def _lower_set(values: object) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        raise ValueError(f"expected a list of strings, got {type(values).__name__}")
    return frozenset(str(v).strip().lower() for v in values if str(v).strip())


@dataclass(frozen=True)
class RoleMapping:
    """The ``[roles]`` section of ``.streamlit/secrets.toml``::

        [roles]
        admins = ["head.of.office@example.org"]        # e-mail addresses
        coordinators = ["gis.officer@example.org"]
        group_claim = "groups"                         # ID-token claim listing the user's groups
        admin_groups = ["atlas-admins"]
        coordinator_groups = ["atlas-coordinators"]

    Comparison ignores case.  An e-mail counts only when the provider does not
    say it is unverified (``email_verified`` false).  Admin wins over
    coordinator; anyone matched by neither is ``public``.
    """

    admins: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    group_claim: str = DEFAULT_GROUP_CLAIM
    admin_groups: frozenset[str] = frozenset()
    coordinator_groups: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, section: Mapping[str, object] | None) -> RoleMapping:
        """Build from the ``[roles]`` section (a dict); unknown keys are an error,
        so a misspelt key cannot silently leave a coordinator without access."""
        section = dict(section or {})
        known = {"admins", "coordinators", "group_claim", "admin_groups", "coordinator_groups"}
        unknown = set(section) - known
        if unknown:
            raise ValueError(f"unknown key(s) in [roles]: {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        return cls(admins=_lower_set(section.get("admins")),
                   coordinators=_lower_set(section.get("coordinators")),
                   group_claim=str(section.get("group_claim") or DEFAULT_GROUP_CLAIM),
                   admin_groups=_lower_set(section.get("admin_groups")),
                   coordinator_groups=_lower_set(section.get("coordinator_groups")))

    def role_for(self, claims: Mapping[str, object] | None) -> Role:
        """The role of a signed-in identity (its ID-token claims); ``public`` when
        not signed in or not mapped."""
        if not claims or not claims.get("is_logged_in", True):
            return "public"
        email = verified_email(claims)
        raw_groups = claims.get(self.group_claim)
        groups = _lower_set(raw_groups) if isinstance(raw_groups, (str, list, tuple)) else frozenset()
        if (email and email in self.admins) or groups & self.admin_groups:
            return "admin"
        if (email and email in self.coordinators) or groups & self.coordinator_groups:
            return "coordinator"
        return "public"


def verified_email(claims: Mapping[str, object]) -> str | None:
    """The identity's e-mail, lower-cased, unless the provider marks it unverified."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return None
    if claims.get("email_verified") in (False, "false", "False"):
        return None
    return email.strip().lower()


def user_label(claims: Mapping[str, object] | None) -> str:
    """Who a signed-in identity is, for the audit log: the e-mail, else the
    provider's subject id.  Empty when not signed in."""
    if not claims or not claims.get("is_logged_in", True):
        return ""
    email = claims.get("email")
    if isinstance(email, str) and email.strip():
        return email.strip()
    sub = claims.get("sub")
    return f"sub:{sub}" if sub else ""
