"""Sign-in and the viewer's role in the app: Streamlit's OpenID Connect
(``st.login``/``st.user``/``st.logout``) fed to the pure rules of ``geo.roles``.

Why here: every page and the navigation ask the same two questions (who is
this, and what may they see); the answers depend on the deployment's mode,
which only the running server knows (``[auth]`` in ``.streamlit/secrets.toml``,
the address it listens on, ``ATLAS_ROLE``).  Configuration is read from
``st.secrets``: ``[auth]`` as Streamlit documents it, and ``[roles]`` for the
mapping of e-mail addresses and groups to roles (see ``geo.roles.RoleMapping``
and ``.streamlit/secrets.toml.example``).
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Mapping
from typing import Any

import streamlit as st

from components.i18n import t
from geo import roles

_LOG = logging.getLogger("atlas.auth")
_logged: set[str] = set()


def _log_once(key: str, level: int, message: str) -> None:
    if key not in _logged:
        _logged.add(key)
        _LOG.log(level, message)


def _secret_section(name: str) -> dict[str, Any] | None:
    """A section of ``st.secrets`` as a dict, or None (no secrets file, no section)."""
    try:
        section = st.secrets.get(name)
    except Exception:  # no secrets file at all: Streamlit raises instead of returning None
        return None
    if not section:
        return None
    return section.to_dict() if hasattr(section, "to_dict") else dict(section)


def _provider() -> str | None:
    """The provider ``st.login`` is called with: None for a flat ``[auth]``
    section, else the first ``[auth.NAME]`` that names a provider."""
    section = _secret_section("auth") or {}
    if "server_metadata_url" in section:
        return None
    return next((name for name, v in section.items() if isinstance(v, Mapping) and "server_metadata_url" in v),
                None)


def auth_configured() -> bool:
    """True when ``[auth]`` is complete enough to sign in (``geo.roles.auth_complete``)."""
    return roles.auth_complete(_secret_section("auth"))


def mode() -> roles.Mode:
    """``local``, ``sign-in`` or ``public-only`` (see ``geo.roles``)."""
    atlas_role = roles.deployment_role()
    configured = atlas_role != "public" and auth_configured()
    address = st.get_option("server.address")
    found = roles.deployment_mode(atlas_role=atlas_role, auth_configured=configured, address=address)
    if found == "public-only" and atlas_role != "public":
        _log_once("beyond-localhost", logging.WARNING,
                  f"The atlas listens beyond this computer (server.address={address or 'all interfaces'}) and "
                  "no [auth] is configured in .streamlit/secrets.toml: serving the public role only.")
    return found


def _mapping() -> roles.RoleMapping | None:
    try:
        return roles.RoleMapping.from_config(_secret_section("roles"))
    except ValueError as exc:
        _log_once("mapping", logging.ERROR, f"[roles] in .streamlit/secrets.toml: {exc}; everyone is public")
        return None


def _claims() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:  # outside a script run
        return {}


def current_role() -> str:
    """The viewer's role: ``public``, ``coordinator`` or ``admin``."""
    found = mode()
    if found == "public-only":
        return "public"
    if found == "local":
        return "coordinator"
    mapping = _mapping()
    return mapping.role_for(_claims()) if mapping else "public"


def current_user() -> str:
    """Who the viewer is, for the audit log: the signed-in e-mail (or subject id);
    in local mode the computer's login name; empty for an anonymous viewer."""
    found = mode()
    if found == "local":
        try:
            name = getpass.getuser()
        except Exception:  # no login name in some containers
            name = "unknown"
        return f"{name} (local mode)"
    if found == "sign-in":
        return roles.user_label(_claims())
    return ""


def sidebar(role: str) -> None:
    """Who you are and what you see, with the sign-in/sign-out buttons (call inside ``st.sidebar``)."""
    found = mode()
    if found == "local":
        st.warning(t("**Local mode**: you are a coordinator. No sign-in is configured, so this server is "
                     "reachable from this computer only."), icon=":material/computer:")
        return
    if found == "public-only":
        if roles.deployment_role() == "public":
            st.info(t("Public read-only view."))
        else:
            st.info(t("Public read-only view: this server is reachable beyond this computer and no sign-in is "
                      "configured, so it serves the public view only."))
        return
    claims = _claims()
    if claims.get("is_logged_in"):
        who = roles.user_label(claims)
        st.caption(t("Signed in as {user} · role: {role}").format(user=who, role=t(role)))
        if role == "public":
            st.info(t("Your account has no coordinator role: you see the public read-only view."))
        if st.button(t("Sign out"), key="atlas-sign-out"):
            st.logout()
    else:
        st.info(t("Public read-only view. Coordinators: sign in to see everything."))
        if st.button(t("Sign in"), key="atlas-sign-in", type="primary"):
            st.login(_provider())
