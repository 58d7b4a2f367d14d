"""Fixtures of the analysis tests: one installation per backend with the built-in databases,
filled once per module with varied seizures entered through the record service."""

from __future__ import annotations

import pytest
from analysis_support import seizures
from ncen_testing import USER_PASSWORD, backends, make_config, open_initialised, postgres_schema_url

from ncen_core.record_service import RecordService
from ncen_core.users import add_user

SEIZURES = 90


@pytest.fixture(scope="module", params=backends())
def filled(request, tmp_path_factory):
    """(installation, officer service, analyst service) with :data:`SEIZURES` seizures."""
    tmp = tmp_path_factory.mktemp("analysis")
    schemas = postgres_schema_url() if request.param == "postgresql" else None
    url = next(schemas) if schemas else f"sqlite:///{tmp / 'ncen.db'}"
    ncen = open_initialised(make_config(url, tmp, with_databases=True))
    officer = RecordService(ncen, add_user(ncen.system, "olga", USER_PASSWORD, "officer",
                                           unit="A"))
    analyst = RecordService(ncen, add_user(ncen.system, "anna", USER_PASSWORD, "analyst"))
    for values in seizures(SEIZURES):
        officer.create("seizure", values)
    yield ncen, officer, analyst
    ncen.close()
    if schemas:
        schemas.close()
