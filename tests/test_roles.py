"""The role mapping and the deployment modes (geo.roles): who is a coordinator,
an admin, or public, and when a server falls back to public-only."""

from __future__ import annotations

import pytest

from geo import roles
from geo.roles import RoleMapping

MAPPING = RoleMapping.from_config({
    "admins": ["Head.Office@Example.org"],
    "coordinators": ["gis.officer@example.org", "field.lead@example.org"],
    "group_claim": "groups",
    "admin_groups": ["atlas-admins"],
    "coordinator_groups": ["atlas-coordinators"],
})


@pytest.mark.parametrize(("claims", "role"), [
    ({"is_logged_in": True, "email": "gis.officer@example.org"}, "coordinator"),
    ({"is_logged_in": True, "email": "GIS.Officer@EXAMPLE.org"}, "coordinator"),  # case-insensitive
    ({"is_logged_in": True, "email": "head.office@example.org"}, "admin"),
    ({"is_logged_in": True, "email": "donor@example.com"}, "public"),  # signed in, not mapped
    ({"is_logged_in": True, "email": "x@example.com", "groups": ["atlas-coordinators"]}, "coordinator"),
    ({"is_logged_in": True, "email": "x@example.com", "groups": ["other", "Atlas-Admins"]}, "admin"),
    ({"is_logged_in": True, "email": "x@example.com", "groups": "atlas-coordinators"}, "coordinator"),
    ({"is_logged_in": True, "email": "x@example.com", "groups": ["atlas-viewers"]}, "public"),
    # admin wins over coordinator
    ({"is_logged_in": True, "email": "gis.officer@example.org", "groups": ["atlas-admins"]}, "admin"),
    # an e-mail the provider marks unverified does not count
    ({"is_logged_in": True, "email": "gis.officer@example.org", "email_verified": False}, "public"),
    ({"is_logged_in": True, "email": "gis.officer@example.org", "email_verified": True}, "coordinator"),
    # not signed in: public, whatever else is there
    ({"is_logged_in": False, "email": "gis.officer@example.org"}, "public"),
    ({}, "public"),
    (None, "public"),
    # a malformed group claim (a number) is ignored, not an error
    ({"is_logged_in": True, "email": "x@example.com", "groups": 7}, "public"),
])
def test_role_for(claims, role):
    assert MAPPING.role_for(claims) == role


def test_group_claim_name_is_configurable():
    mapping = RoleMapping.from_config({"group_claim": "roles", "coordinator_groups": ["atlas"]})
    assert mapping.role_for({"is_logged_in": True, "sub": "1", "roles": ["atlas"]}) == "coordinator"
    assert mapping.role_for({"is_logged_in": True, "sub": "1", "groups": ["atlas"]}) == "public"


def test_empty_mapping_makes_everyone_public():
    mapping = RoleMapping.from_config(None)
    assert mapping.role_for({"is_logged_in": True, "email": "anyone@example.org", "groups": ["x"]}) == "public"


def test_misspelt_key_is_an_error():
    with pytest.raises(ValueError, match="coordinater"):
        RoleMapping.from_config({"coordinater": ["a@example.org"]})


def test_user_label():
    assert roles.user_label({"is_logged_in": True, "email": "a@example.org", "sub": "42"}) == "a@example.org"
    assert roles.user_label({"is_logged_in": True, "sub": "42"}) == "sub:42"
    assert roles.user_label({"is_logged_in": False}) == ""


@pytest.mark.parametrize(("address", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    (None, False), ("", False), ("0.0.0.0", False), ("::", False), ("10.1.2.3", False), ("atlas.example.org", False),
])
def test_is_loopback(address, loopback):
    assert roles.is_loopback(address) is loopback


@pytest.mark.parametrize(("atlas_role", "auth", "address", "mode"), [
    ("coordinator", False, "127.0.0.1", "local"),           # make run
    ("coordinator", False, "0.0.0.0", "public-only"),       # beyond localhost without [auth]
    ("coordinator", False, None, "public-only"),            # Streamlit's default: every interface
    ("coordinator", True, "0.0.0.0", "sign-in"),
    ("coordinator", True, "127.0.0.1", "sign-in"),
    ("public", True, "0.0.0.0", "public-only"),             # ATLAS_ROLE=public wins
    ("public", False, "127.0.0.1", "public-only"),
])
def test_deployment_mode(atlas_role, auth, address, mode):
    assert roles.deployment_mode(atlas_role=atlas_role, auth_configured=auth, address=address) == mode


@pytest.mark.parametrize(("value", "role"), [
    (None, "coordinator"), ("coordinator", "coordinator"), ("public", "public"), ("PUBLIC", "public"),
    ("admin", "public"), ("publik", "public"),  # anything unexpected fails safe
])
def test_deployment_role(monkeypatch, value, role):
    if value is None:
        monkeypatch.delenv("ATLAS_ROLE", raising=False)
    else:
        monkeypatch.setenv("ATLAS_ROLE", value)
    assert roles.deployment_role() == role


@pytest.mark.parametrize(("section", "complete"), [
    (None, False),
    ({}, False),
    ({"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32,
      "client_id": "atlas", "client_secret": "x", "server_metadata_url": "https://idp/.well-known/openid-configuration"},
     True),
    ({"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32,
      "microsoft": {"client_id": "a", "server_metadata_url": "https://login/.well-known/openid-configuration"}}, True),
    ({"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "", "server_metadata_url": "x"}, False),
    ({"cookie_secret": "s" * 32, "server_metadata_url": "x"}, False),  # no redirect_uri
])
def test_auth_complete(section, complete):
    assert roles.auth_complete(section) is complete


def test_committed_example_configuration_is_complete_and_maps_roles():
    import tomllib
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / ".streamlit" / "secrets.toml.example"
    config = tomllib.loads(example.read_text(encoding="utf-8"))
    assert roles.auth_complete(config["auth"])
    mapping = RoleMapping.from_config(config["roles"])
    assert mapping.role_for({"is_logged_in": True, "email": config["roles"]["coordinators"][0]}) == "coordinator"
    assert mapping.role_for({"is_logged_in": True, "email": config["roles"]["admins"][0]}) == "admin"
