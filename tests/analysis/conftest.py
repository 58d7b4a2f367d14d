"""Fixtures of the analysis tests: one installation per backend with the built-in databases,
filled once per module with varied seizures entered through the record service."""

from __future__ import annotations

import pytest
from analysis_support import installation, seizures
from ncen_testing import USER_PASSWORD, backends

from ncen_core.record_service import RecordService
from ncen_core.users import add_user

SEIZURES = 90


@pytest.fixture(scope="module", params=backends())
def filled(request, tmp_path_factory):
    """(installation, officer service, analyst service) with :data:`SEIZURES` seizures."""
    for ncen in installation(request.param, tmp_path_factory, "analysis"):
        officer = RecordService(ncen, add_user(ncen.system, "olga", USER_PASSWORD, "officer",
                                               unit="A"))
        analyst = RecordService(ncen, add_user(ncen.system, "anna", USER_PASSWORD, "analyst"))
        for values in seizures(SEIZURES):
            officer.create("seizure", values)
        yield ncen, officer, analyst
