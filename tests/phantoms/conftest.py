"""Phantoms written once per test session, small enough to keep the whole area fast."""

from __future__ import annotations

import pytest

from workstation import phantoms as P


@pytest.fixture(scope="session")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("phantoms")


@pytest.fixture(scope="session")
def ct(out) -> P.PhantomSeries:
    """Axial, anisotropic in-plane spacing so x/y mix-ups show."""
    return P.write_ct(out / "ct", shape=(40, 100, 120), spacing=(2.8, 2.4, 2.5))


@pytest.fixture(scope="session")
def shuffled_ct(out) -> P.PhantomSeries:
    return P.write_ct(out / "shuffled", shape=(12, 48, 48), spacing=(7.0, 7.0, 8.0), shuffle=True,
                      drop_slices=(5,), series_number=7)


@pytest.fixture(scope="session")
def tilted_ct(out) -> P.PhantomSeries:
    return P.write_ct(out / "tilted", shape=(30, 96, 96), spacing=(3.5, 3.5, 3.0), gantry_tilt_deg=20.0,
                      series_number=8)


@pytest.fixture(scope="session")
def oblique_ct(out) -> P.PhantomSeries:
    return P.write_ct(out / "oblique", shape=(48, 96, 96), spacing=(3.0, 3.0, 3.0),
                      orientation=P.oblique_orientation(25.0, 20.0), series_number=9)


@pytest.fixture(scope="session")
def two_stacks(out) -> P.PhantomSeries:
    return P.write_two_stack_ct(out / "two-stacks")


@pytest.fixture(scope="session")
def mixed_size(out) -> P.PhantomSeries:
    return P.write_mixed_size_ct(out / "mixed-size")


@pytest.fixture(scope="session")
def mr(out) -> P.PhantomSeries:
    return P.write_mr(out / "mr")


@pytest.fixture(scope="session")
def pet_ct(out) -> tuple[P.PhantomSeries, P.PhantomSeries]:
    """A CT and a PET of one study sharing the Frame of Reference, as a PET/CT scanner writes them."""
    study = P.StudyInfo(seed="test-petct", description="PET/CT toàn thân")
    anatomy = P.write_ct(out / "petct", shape=(24, 64, 64), spacing=(5.0, 5.0, 4.0), study=study)
    pet = P.write_pet(out / "petct", study=study, frame_of_reference_uid=anatomy.frame_of_reference_uid,
                      shape=(24, 64, 64), spacing=(5.0, 5.0, 4.0))
    return anatomy, pet


@pytest.fixture(scope="session")
def pet(pet_ct) -> P.PhantomSeries:
    return pet_ct[1]


@pytest.fixture(scope="session")
def cr(out) -> P.PhantomSeries:
    return P.write_radiograph(out / "cr", size=(270, 280), imager_pixel_spacing=(1.6, 1.5))


@pytest.fixture(scope="session")
def dx(out) -> P.PhantomSeries:
    return P.write_radiograph(out / "dx", modality="DX", size=(270, 280), imager_pixel_spacing=(1.6, 1.5),
                              magnification=1.2, calibrated_pixel_spacing=True, monochrome1=True)


@pytest.fixture(scope="session")
def sc(out) -> P.PhantomSeries:
    return P.write_secondary_capture(out / "sc")


@pytest.fixture(scope="session")
def mammo(out) -> tuple[P.PhantomSeries, ...]:
    return P.write_mammography(out / "mg")


@pytest.fixture(scope="session")
def enhanced_ct(out) -> P.PhantomSeries:
    return P.write_enhanced_ct(out / "enhanced-ct")


@pytest.fixture(scope="session")
def us(out) -> P.PhantomSeries:
    return P.write_us_cine(out / "us")


@pytest.fixture(scope="session")
def us_rgb(out) -> P.PhantomSeries:
    return P.write_us_cine(out / "us-rgb", rgb=True, series_number=2)
