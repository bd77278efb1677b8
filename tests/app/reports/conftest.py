"""Orthanc peers for the report tests (the demo store fixtures come from tests/app)."""

from tests.net.conftest import _no_proxy, fresh_orthanc, local_ae, scp_port  # noqa: F401 - fixtures
