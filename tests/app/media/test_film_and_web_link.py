"""Film printing (PDF through Qt's printer, DICOM Basic Grayscale Print to DCMTK's
``dcmprscp``) and the web link to a study on a real Orthanc."""

from __future__ import annotations

import os
import re
import urllib.request
from collections import Counter

import numpy as np
import pydicom
import pytest
from PySide6.QtGui import QGuiApplication

from export.media.print_scu import FilmOptions, PrinterNode, print_images
from export.media.web_link import orthanc_study_id, template_for
from tests.app.media.conftest import demo_ct, make_window, media_controller, open_and_wait, wait_job
from tests.conftest import require_executable
from tests.peers import start_orthanc
from workstation.app.media.film_print import PDF, FilmRequest, QtFilmPrintDialog, grey_levels
from workstation.net import NetworkConfig, RemoteNode, default_config_path, save_config

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _configure(*nodes: RemoteNode) -> None:
    save_config(NetworkConfig(nodes=nodes), default_config_path())


def test_film_print_to_pdf_has_one_page_per_film(demo_store, qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot, demo_store, monkeypatch, size=(900, 640))
    controller = media_controller(window)
    study = demo_ct(demo_store)
    open_and_wait(qtbot, window, study.study_instance_uid)
    count = len(window.active_viewport().source)
    dialog = QtFilmPrintDialog([], window)
    dialog.source.setCurrentIndex(1)  # every image of the active series
    dialog.columns.setValue(4)
    dialog.rows.setValue(6)
    dialog.orientation.setCurrentIndex(1)
    request = dialog.request()
    assert (request.target, request.whole_series, request.film.per_film) == (PDF, True, 24)
    assert request.film.orientation == "LANDSCAPE"
    pdf = tmp_path / "film.pdf"
    pages = controller.print_film(request, os.fspath(pdf))
    expected = -(-count // 24)
    assert pages == expected and count == study.instance_count
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(_PAGE.findall(data)) == expected
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert float(box.group(1)) > float(box.group(2))  # landscape A4: 842 x 595 pt
    layout = FilmRequest(PDF, FilmOptions(columns=1, rows=1), whole_series=False, overlays=True)
    viewports = [v for v in window.current_view().grid.viewports if v.source is not None]
    assert controller.print_film(layout, os.fspath(tmp_path / "layout.pdf")) == len(viewports)


def test_dicom_film_print_reaches_a_real_print_scp(demo_store, qtbot, monkeypatch, print_scp):
    window = make_window(qtbot, demo_store, monkeypatch, size=(900, 640))
    controller = media_controller(window)
    study = demo_ct(demo_store)
    open_and_wait(qtbot, window, study.study_instance_uid)
    _configure(RemoteNode("Film printer", ae_title=print_scp.ae_title, port=print_scp.port))
    dialog = QtFilmPrintDialog(["Film printer"], window)
    dialog.target.setCurrentIndex(2)
    dialog.columns.setValue(2)
    dialog.rows.setValue(2)
    dialog.medium.setCurrentIndex(dialog.medium.findText("BLUE FILM"))
    request = dialog.request()
    assert request.target == "Film printer" and request.film.medium == "BLUE FILM"
    sent = [grey_levels(im) for im in controller.film_images(request)]
    viewports = [v for v in window.current_view().grid.viewports if v.source is not None]
    assert len(sent) == len(viewports) == 4  # the CT and its prior, mediastinum and lung windows
    job = controller.print_film(request)
    with qtbot.waitSignal(job.signals.finished, timeout=30_000) as finished:
        pass
    wait_job(qtbot, controller)
    assert finished.args[0].ok, finished.args[0].problems
    assert "1 film(s) printed on Film printer" in window.message.text()
    assert len(print_scp.stored_prints()) == 1
    film = pydicom.dcmread(print_scp.stored_prints()[0])
    assert film.FilmBoxContentSequence[0].ImageDisplayFormat == "STANDARD\\2,2"
    assert film.FilmBoxContentSequence[0].FilmOrientation == "PORTRAIT"
    printed = [pydicom.dcmread(p).pixel_array for p in print_scp.hardcopies()]
    digest = lambda a: (a.shape, a.tobytes())  # noqa: E731 - local key
    assert Counter(map(digest, printed)) == Counter(map(digest, sent))  # the printer got our pixels, exactly


def test_print_scu_fills_as_many_films_as_the_layout_needs(print_scp):
    levels = (0, 64, 128, 192, 255)
    images = [np.full((40, 30), v, np.uint8) for v in levels]
    result = print_images(images, PrinterNode(print_scp.ae_title, "127.0.0.1", print_scp.port),
                          film=FilmOptions(columns=2, rows=2, film_size="14INX17IN"))
    assert result.ok and (result.films, result.images) == (2, 5)
    assert len(print_scp.stored_prints()) == 2
    means = sorted(int(pydicom.dcmread(p).pixel_array.mean()) for p in print_scp.hardcopies())
    assert means == list(levels)
    refused = print_images(images[:1], PrinterNode(print_scp.ae_title, "127.0.0.1", print_scp.port),
                           film=FilmOptions(film_size="A4"))  # not in the printer's FilmSizeID list
    assert not refused.ok and refused.films == 0 and "film box" in refused.problems[0]


def test_the_web_link_is_the_orthanc_study_url_of_the_configured_node(demo_store, qtbot, monkeypatch, tmp_path):
    require_executable("Orthanc")
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    study = demo_ct(demo_store)
    peer = start_orthanc(tmp_path / "orthanc")
    try:
        peer.upload([i.path for i in demo_store.study_instances(study.study_instance_uid)])
        _configure(RemoteNode("PACS", ae_title=peer.aet, port=peer.dicom_port,
                              web_viewer_url=template_for("Orthanc Explorer", peer.url)),
                   RemoteNode("Modality", ae_title="CT01", port=104))  # no web viewer: no link
        window.browser.refresh()
        window.browser.table.selectRow(0)
        window.tabs.setCurrentWidget(window.browser)
        open_and_wait(qtbot, window, study.study_instance_uid)
        dialog = controller.on_web_link()
        assert dialog is not None and dialog.isVisible()
        assert len(dialog.fields) == 1
        url = dialog.fields[0].text()
        orthanc_id = peer.find_study_id(study.study_instance_uid)
        assert orthanc_id == orthanc_study_id(study.patient.patient_id, study.study_instance_uid)
        assert url == f"{peer.url}/app/explorer.html#study?uuid={orthanc_id}"
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as page:  # the explorer is served
            assert page.status == 200
        described = peer.rest("GET", f"/studies/{orthanc_id}")
        assert described["MainDicomTags"]["StudyInstanceUID"] == study.study_instance_uid
        dialog.copy(url)
        assert QGuiApplication.clipboard().text() == url
        assert dialog.fields[0].isReadOnly()
    finally:
        peer.stop()


def test_without_a_web_viewer_the_link_command_says_so(demo_store, qtbot, monkeypatch):
    window = make_window(qtbot, demo_store, monkeypatch)
    controller = media_controller(window)
    _configure(RemoteNode("PACS", ae_title="ORTHANC", port=4242))
    open_and_wait(qtbot, window, demo_ct(demo_store).study_instance_uid)
    assert controller.on_web_link() is None
    assert "No PACS with a web viewer" in window.message.text()


@pytest.mark.parametrize("template", ["{base}/viewer?study={study}", "{base}/v?{study_uid}&{nope}"])
def test_a_template_with_an_unknown_placeholder_is_named(template):
    from export.media.web_link import study_links

    node = RemoteNode("PACS", web_viewer_url=template.replace("{base}", "http://pacs"))
    with pytest.raises(ValueError, match="unknown placeholder"):
        study_links([node], "1.2.3")
