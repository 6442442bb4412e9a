"""The public role never holds restricted data: per-record sensitivity from the
registry, a public-only store seeded without restricted rows, and a command
line that honours ``ATLAS_ROLE=public``.

Expected names and ids come from the shipped CSV files, not from the code under test.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import restricted_needles

from geo import catalog, registry, sensitivity
from geo import store as store_module

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ROOT / "data" / "layers"


def _rows(name: str) -> list[dict[str, str]]:
    with open(LAYERS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CENTRES = {r["centre_id"]: r["name"] for r in _rows("detention_centres")}
CLINICS = {r["facility_id"]: r["name"] for r in _rows("health_facilities") if r["type"] == "detention-centre clinic"}


def test_registry_declares_detention_clinics_restricted():
    rules = registry.get("health_facilities").restricted_records
    assert any(rule.field == "type" and "detention-centre clinic" in rule.values for rule in rules)
    assert len(CLINICS) == 3  # the shipped file has three (HF-DSEB, HF-DDAJ, HF-DTRS)


def test_catalog_drops_restricted_records_for_the_public_role(store):
    public = catalog.load("health_facilities", "public").frame
    full = catalog.load("health_facilities", "coordinator").frame
    assert set(CLINICS) <= set(full["facility_id"])
    assert not set(CLINICS) & set(public["facility_id"])
    assert len(public) == len(_rows("health_facilities")) - len(CLINICS)
    with pytest.raises(catalog.RestrictedLayer):
        catalog.load("detention_centres", "public")


@pytest.fixture
def public_store(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_ROLE", "public")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"gpkg:{tmp_path / 'atlas.gpkg'}"
    yield store_module.open_store(url), tmp_path / "atlas.gpkg"
    store_module._STORES.pop(url, None)


def test_public_only_store_holds_no_restricted_rows(public_store):
    s, path = public_store
    assert "detention_centres" not in s.datasets()
    assert set(s.datasets()) == {layer.name for layer in registry.LAYERS.values() if layer.sensitivity == "public"}
    # On disk: not one byte of a restricted name or id in any table of the file.
    con = sqlite3.connect(path)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    assert restricted_needles.found(dump) == []
    facilities = s.read("health_facilities")
    assert len(facilities) == len(_rows("health_facilities")) - len(CLINICS)


def _geo(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def public_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("ATLAS_")}
    env.update(ATLAS_DATA_DIR=str(tmp_path / "store"), ATLAS_ROLE="public",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return env


def test_cli_refuses_restricted_layer_in_public_deployment(public_env):
    done = _geo("export", "detention_centres", "--format", "csv", env=public_env)
    assert done.returncode == 1
    assert "restricted" in done.stderr and "ATLAS_ROLE=public" in done.stderr
    assert done.stdout == ""
    for command in (["versions", "detention_centres"], ["rollback", "detention_centres", "1"]):
        done = _geo(*command, env=public_env)
        assert done.returncode == 1 and "restricted" in done.stderr


def test_cli_public_lists_and_exports_hold_no_restricted_names(public_env, tmp_path):
    outputs = [_geo("datasets", env=public_env), _geo("audit", env=public_env),
               _geo("export", "health_facilities", "--format", "csv", env=public_env),
               _geo("export", "health_facilities", "--format", "geojson", env=public_env)]
    for done in outputs:
        assert done.returncode == 0, done.stderr
        assert "detention_centres" not in done.stdout
        assert restricted_needles.found(done.stdout) == []
    # The public export still has the public facilities.
    assert "HF-MZWA" in outputs[2].stdout


def test_cli_public_import_refuses_restricted_layer(public_env, tmp_path):
    path = tmp_path / "centres.csv"
    path.write_text((LAYERS / "detention_centres.csv").read_text(encoding="utf-8"), encoding="utf-8")
    done = _geo("import", str(path), "--dataset", "detention_centres", env=public_env)
    assert done.returncode == 1 and "restricted" in done.stderr


def test_cli_coordinator_still_exports_detention_centres(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("ATLAS_")}
    env.update(ATLAS_DATA_DIR=str(tmp_path / "store"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = _geo("export", "detention_centres", "--format", "csv", env=env)
    assert done.returncode == 0, done.stderr
    assert "DC-TAJ" in done.stdout


def test_the_public_is_not_given_the_name_of_a_coordinators_uploaded_file(store, tmp_path):
    """Seen: a public map tooltip and every public download ending in "month.csv", the file a coordinator uploaded
    (the importer writes it as the rows' source where the file cites none)."""
    from geo import ingest

    path = tmp_path / "zwara_feb_internal.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            ["point_id", "name", "lat", "lon", "month", "disembarked", "assisted", "screenings"],
            ["DP-T1", "Test point", 32.90, 13.19, "2024-02-01", 40, 38, 20]])
    ingest.import_file(store, path, "disembarkation_points", actor="fatima@example.org", publisher="UNHCR Libya")
    public = catalog.load("disembarkation_points", "public").frame
    assert public.loc[public["point_id"] == "DP-T1", "source"].tolist() == ["UNHCR Libya"]
    assert not public["source"].astype(str).str.contains("zwara_feb_internal|data/layers/", regex=True).any()
    coordinator = catalog.load("disembarkation_points", "coordinator").frame
    assert coordinator.loc[coordinator["point_id"] == "DP-T1", "source"].tolist() == ["zwara_feb_internal.csv"]


def test_a_file_name_inside_a_source_is_left_out_for_the_public():
    frame = pd.DataFrame({"source": ["IOM DTM Libya round 54 (dtm_r54_internal.xlsx)", "r55.xlsx", "OCHA sitrep",
                                     "flash update form notes", None]})
    out = sensitivity.public_sources(frame, {"dtm_r54_internal.xlsx": "IOM DTM Libya", "r55.xlsx": "a coordinator's "
                                             "import (publisher not recorded)", "flash update form": "OCHA"})
    assert out["source"].tolist()[:4] == ["IOM DTM Libya round 54", "a coordinator's import (publisher not recorded)",
                                          "OCHA sitrep", "flash update form notes"]
    assert out["source"].isna().tolist()[4]
