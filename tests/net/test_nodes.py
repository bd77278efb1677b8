"""Node configuration: validation, JSON round trip, atomic owner-only save, default path."""

from __future__ import annotations

import json
import os
import stat

import pytest

from workstation.net import (
    Auth,
    ForwardRule,
    LocalAE,
    NetworkConfig,
    Protocol,
    RemoteNode,
    RetrieveMethod,
    default_config_path,
    load_config,
    save_config,
)


def _config() -> NetworkConfig:
    pacs = RemoteNode("PACS chính", "ORTHANC", "10.0.0.5", 4242, retrieve_method=RetrieveMethod.MOVE, tls=True,
                      ca_file="/etc/ca.pem", web_viewer_url="https://pacs/viewer?study={study_uid}")
    web = RemoteNode("web", protocol=Protocol.DICOMWEB, base_url="https://pacs/dicom-web", auth=Auth.BEARER,
                     token="t0k")
    local = LocalAE("READ1", 11113, bind_all=True, accept_unknown_callers=False, allowed_calling_aes=("CT1",))
    return NetworkConfig(local, (pacs, web), (ForwardRule("CT1", "PACS chính"),))


def test_round_trip_keeps_every_field(tmp_path):
    path = tmp_path / "cfg" / "nodes.json"
    config = _config()
    save_config(config, path)
    assert load_config(path) == config
    assert json.loads(path.read_text(encoding="utf-8"))["nodes"][0]["name"] == "PACS chính"


def test_save_is_owner_only_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "nodes.json"
    save_config(_config(), path)
    save_config(_config().with_node(RemoteNode("ct", "CT1", "10.0.0.9", 104)), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["nodes.json"]
    assert load_config(path).node("ct").port == 104


def test_missing_file_is_default_config(tmp_path):
    assert load_config(tmp_path / "none.json") == NetworkConfig()


def test_broken_file_names_the_file(tmp_path):
    path = tmp_path / "nodes.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="nodes.json"):
        load_config(path)


def test_default_path_under_workstation_home():
    assert default_config_path() == default_config_path().parent / "nodes.json"
    assert str(default_config_path()).startswith(os.environ["WORKSTATION_HOME"])


@pytest.mark.parametrize("title", ["", "A" * 17, "BAD\\AE", "tab\tAE"])
def test_bad_ae_titles_are_refused(title):
    with pytest.raises(ValueError, match="AE title"):
        RemoteNode("x", title)


def test_dicomweb_node_needs_url_and_retrieves_with_wado():
    with pytest.raises(ValueError, match="base URL"):
        RemoteNode("w", protocol=Protocol.DICOMWEB, base_url="pacs:8042")
    node = RemoteNode("w", protocol=Protocol.DICOMWEB, base_url="http://pacs/dicom-web")
    assert node.retrieve_method is RetrieveMethod.WADO and node.is_dicomweb


def test_wado_needs_dicomweb_and_port_is_checked():
    with pytest.raises(ValueError, match="WADO"):
        RemoteNode("x", retrieve_method="wado")
    with pytest.raises(ValueError, match="port"):
        RemoteNode("x", port=70000)


def test_unique_names_and_rules_name_known_nodes():
    node = RemoteNode("a")
    with pytest.raises(ValueError, match="unique"):
        NetworkConfig(nodes=(node, node))
    with pytest.raises(ValueError, match="unknown node"):
        NetworkConfig(nodes=(node,), forward_rules=(ForwardRule("CT1", "b"),))


def test_known_callers_and_rule_matching():
    config = _config()
    assert config.known_calling_aes() == {"ORTHANC", "CT1"}
    assert ForwardRule("*", "x").matches("ANY") and not ForwardRule("CT1", "x").matches("CT2")


def test_viewer_url_template():
    node = _config().node("PACS chính")
    assert node.viewer_url("1.2.3") == "https://pacs/viewer?study=1.2.3"
    assert RemoteNode("n").viewer_url("1.2.3") == ""
    assert "ORTHANC@10.0.0.5:4242" in node.describe()


def test_local_ae_validation():
    with pytest.raises(ValueError, match="allowed calling"):
        LocalAE(allowed_calling_aes=("",))
    assert LocalAE(" WS ").ae_title == "WS"
