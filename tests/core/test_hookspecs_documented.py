"""Every hook is documented (arguments, return, calling convention) and exercised by a test.

A hook's test is any test function under tests/ named ``test_hook_<hook name>`` or
``test_hook_<hook name>_<what it shows>``.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from ncen_core import PROJECT_NAME, hookspecs

TESTS = Path(__file__).parents[1]
HOOK_TEST = re.compile(r"^\s*(?:async\s+)?def\s+(test_hook_\w+)\s*\(", re.MULTILINE)
CONVENTIONS = ("collect", "firstresult", "historic")

HOOKS = {
    name: function
    for name, function in vars(hookspecs).items()
    if hasattr(function, f"{PROJECT_NAME}_spec")
}


def hook_test_names() -> set[str]:
    names: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        names.update(HOOK_TEST.findall(path.read_text(encoding="utf-8")))
    return names


def test_hook_specs_are_found_by_their_marker():
    assert "register_record_types" in HOOKS and "open_transport" in HOOKS


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_documents_each_of_its_arguments(name):
    doc = inspect.getdoc(HOOKS[name]) or ""
    missing = [arg for arg in inspect.signature(HOOKS[name]).parameters if arg not in doc]
    assert not missing, f"hook {name} does not document {missing}"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_documents_what_it_returns(name):
    assert ":return:" in (inspect.getdoc(HOOKS[name]) or "")


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_states_its_calling_convention(name):
    doc = inspect.getdoc(HOOKS[name]) or ""
    assert any(word in doc for word in CONVENTIONS), f"hook {name} names no calling convention"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_has_a_test(name):
    tested = {
        test
        for test in hook_test_names()
        if test == f"test_hook_{name}" or test.startswith(f"test_hook_{name}_")
    }
    assert tested, f"no test named test_hook_{name} or test_hook_{name}_... under {TESTS}"
