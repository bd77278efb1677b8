"""``nodes`` and ``query`` against the session Orthanc, over DIMSE and DICOMweb."""

from __future__ import annotations

import json

from tests.app.cli.conftest import run
from tests.peers import free_port


def test_nodes_add_list_echo_remove(tmp_path, orthanc):
    home = tmp_path / "home"
    added = run("nodes", "add", "pacs", "--aet", orthanc.aet, "--host", "127.0.0.1", "--port", str(orthanc.dicom_port),
                "--method", "move", home=home)
    assert added.returncode == 0, added.stderr
    web = run("nodes", "add", "web", "--protocol", "dicomweb", "--url", orthanc.dicomweb_url, home=home)
    assert web.returncode == 0, web.stderr
    again = run("nodes", "add", "pacs", "--aet", "X", "--host", "127.0.0.1", "--port", "1", home=home)
    assert again.returncode == 1 and "--replace" in again.stderr
    listed = json.loads(run("nodes", "list", "--json", home=home).stdout)
    assert [(n["name"], n["protocol"], n["retrieve_method"]) for n in listed["nodes"]] == [
        ("pacs", "DIMSE", "move"), ("web", "DICOMWEB", "wado")]
    echo = run("nodes", "echo", "pacs", home=home)
    assert echo.returncode == 0 and "answered C-ECHO" in echo.stdout, echo.stderr
    assert run("nodes", "echo", "web", home=home).returncode == 0
    removed = run("nodes", "remove", "web", home=home)
    assert removed.returncode == 0, removed.stderr
    assert [n["name"] for n in json.loads(run("nodes", "list", "--json", home=home).stdout)["nodes"]] == ["pacs"]


def test_nodes_bad_input_fails_with_one_line(tmp_path):
    home = tmp_path / "home"
    unknown = run("nodes", "echo", "nowhere", home=home)
    assert unknown.returncode == 1 and "unknown node 'nowhere'" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    bad_aet = run("nodes", "add", "x", "--aet", "A\\B", "--host", "h", "--port", "104", home=home)
    assert bad_aet.returncode == 2 and "AE title" in bad_aet.stderr
    missing = run("nodes", "add", "x", "--aet", "A", home=home)
    assert missing.returncode == 2 and "--host" in missing.stderr
    closed = free_port()
    assert run("nodes", "add", "dead", "--aet", "DEAD", "--host", "127.0.0.1", "--port", str(closed),
               home=home).returncode == 0
    echo = run("nodes", "echo", "dead", home=home)
    assert echo.returncode == 1 and "dead" in echo.stderr and len(echo.stderr.strip().splitlines()) == 1
    query = run("query", "dead", "--name", "x", home=home)
    assert query.returncode == 1 and "dead" in query.stderr and "Traceback" not in query.stderr


def test_query_studies_by_name_date_modality_over_dimse_and_dicomweb(home, studies):
    # Orthanc's DICOMweb plugin 1.7 matches no PatientName (see tests/net/test_query.py): by ID there.
    an_id = studies["an_ct"][0].study.patient.patient_id
    for node, selector in (("pacs", ["--name", "Nguyễn Văn"]), ("web", ["--id", an_id])):
        found = run("query", node, *selector, "--json", home=home)
        assert found.returncode == 0, found.stderr
        rows = json.loads(found.stdout)
        assert sorted(r["study_date"] for r in rows) == ["2021-06-01", "2023-01-10", "2024-03-15"], node
        assert {r["patient_name"] for r in rows} == {"Nguyễn Văn An"}
        ranged = json.loads(run("query", node, *selector, "--date", "20230101-", "--json", home=home).stdout)
        assert sorted(r["study_date"] for r in ranged) == ["2023-01-10", "2024-03-15"], node
    mr = json.loads(run("query", "pacs", "--modality", "MR", "--json", home=home).stdout)
    assert [r["accession_number"] for r in mr] == ["B24020201"]
    text = run("query", "pacs", "--accession", "B24020201", home=home)
    assert text.returncode == 0 and studies["ngoc_mr"][0].study_instance_uid in text.stdout


def test_query_series_level(home, studies):
    done = run("query", "pacs", "--id", studies["an_ct"][0].study.patient.patient_id, "--date", "2024-03-15",
               "--level", "series", "--json", home=home)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert sorted((r["series_number"], r["images"]) for r in rows) == [(2, 12), (3, 8)]
    bad = run("query", "pacs", "--date", "2024-13-45", home=home)
    assert bad.returncode == 2 and "--date" in bad.stderr
