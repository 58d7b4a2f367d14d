"""User accounts and authentication, on every storage backend."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from ncen_core import users
from ncen_core.audit import history, verify
from ncen_core.errors import AuthenticationError, NotFoundError, ValidationError
from ncen_core.roles import Role
from ncen_core.storage import open_database
from ncen_core.system_models import build_system_models
from ncen_core.timeutil import utcnow

PASSWORD = "seizure at the port"
LIMITS = {"max_failed_logins": 3, "lockout_minutes": 15}


@pytest.fixture
def models(db_url):
    proxy = peewee.DatabaseProxy()
    models = build_system_models(proxy)
    database = open_database(db_url)
    proxy.initialize(database)
    database.create_tables(models.all())
    yield models
    database.close()


@pytest.fixture
def officer(models):
    return users.add_user(
        models, "jdupont", PASSWORD, Role.OFFICER, full_name="Jean Dupont", unit="AIR"
    )


def actions_for(models, user):
    return [event.action for event in reversed(history(models, "user", "", str(user.id)))]


def fail_login(models, username="jdupont", times=1):
    for _ in range(times):
        with pytest.raises(AuthenticationError):
            users.authenticate(models, username, "not the password", **LIMITS)


def test_added_user_is_listed_with_its_profile(models, officer):
    assert users.list_users(models) == [
        users.UserInfo(officer.id, "jdupont", "Jean Dupont", Role.OFFICER, "AIR", False, None)
    ]


def test_user_info_never_carries_the_password_hash(officer):
    assert "hash" not in " ".join(vars(officer))


def test_adding_a_user_is_audited_by_the_acting_administrator(models):
    user = users.add_user(models, "admin2", PASSWORD, "admin", acting="root")
    [event] = history(models, "user", "", str(user.id))
    assert (event.username, event.action, event.detail["role"]) == ("root", "user.create", "admin")


def test_list_is_ordered_by_user_name(models):
    users.add_user(models, "zoe", PASSWORD, Role.ANALYST)
    users.add_user(models, "adam", PASSWORD, Role.ANALYST)
    assert [u.username for u in users.list_users(models)] == ["adam", "zoe"]


@pytest.mark.parametrize("username", ["J.Dupont", "x", "jean dupont", "a" * 65, "jean@port"])
def test_malformed_user_names_are_refused(models, username):
    with pytest.raises(ValidationError) as caught:
        users.add_user(models, username, PASSWORD, Role.ANALYST)
    assert "username" in caught.value.problems


def test_a_taken_user_name_is_refused(models, officer):
    with pytest.raises(ValidationError, match="already taken"):
        users.add_user(models, "jdupont", PASSWORD, Role.ANALYST)


def test_an_unknown_role_is_refused(models):
    with pytest.raises(ValidationError, match="unknown role 'chief'"):
        users.add_user(models, "jdupont", PASSWORD, "chief")


def test_an_officer_needs_a_unit(models):
    with pytest.raises(ValidationError) as caught:
        users.add_user(models, "jdupont", PASSWORD, Role.OFFICER)
    assert "unit" in caught.value.problems


def test_a_weak_password_is_refused_at_creation(models):
    with pytest.raises(ValidationError) as caught:
        users.add_user(models, "jdupont", "short", Role.ANALYST)
    assert "password" in caught.value.problems
    assert users.list_users(models) == []


def test_get_user_ignores_case_and_spaces(officer, models):
    assert users.get_user(models, " JDupont ") == officer


def test_get_user_names_the_missing_user(models):
    with pytest.raises(NotFoundError, match="no user named 'ghost'"):
        users.get_user(models, "ghost")


def test_the_right_password_logs_in(models, officer):
    assert users.authenticate(models, "jdupont", PASSWORD, **LIMITS) == officer


def test_a_successful_login_is_audited(models, officer):
    users.authenticate(models, "jdupont", PASSWORD, **LIMITS)
    assert actions_for(models, officer) == ["user.create", "login"]


def test_a_wrong_password_is_refused_with_the_common_message(models, officer):
    with pytest.raises(AuthenticationError, match="^wrong user name or password$"):
        users.authenticate(models, "jdupont", "not the password", **LIMITS)


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(models, officer):
    with pytest.raises(AuthenticationError, match="^wrong user name or password$"):
        users.authenticate(models, "ghost", PASSWORD, **LIMITS)


def test_a_failed_login_is_audited_even_though_it_raises(models, officer):
    fail_login(models)
    assert actions_for(models, officer) == ["user.create", "login.failed"]


def test_a_failed_login_of_an_unknown_user_is_audited_under_the_attempted_name(models):
    fail_login(models, "ghost")
    assert verify(models).entries == 1
    assert models.AuditEntry.get().username == "ghost"


def test_failed_logins_are_counted_and_committed(models, officer):
    fail_login(models, times=2)
    assert models.User.get_by_id(officer.id).failed_logins == 2


def test_a_success_resets_the_failure_count(models, officer):
    fail_login(models, times=2)
    users.authenticate(models, "jdupont", PASSWORD, **LIMITS)
    assert models.User.get_by_id(officer.id).failed_logins == 0


def test_the_last_allowed_failure_locks_the_account_with_its_end_time(models, officer):
    fail_login(models, times=2)
    with pytest.raises(AuthenticationError) as caught:
        users.authenticate(models, "jdupont", "not the password", **LIMITS)
    locked_until = users.get_user(models, "jdupont").locked_until
    assert locked_until > utcnow() + dt.timedelta(minutes=14)
    assert str(caught.value).startswith("account 'jdupont' is locked after 3 failed logins; ")
    assert str(caught.value).endswith(" UTC or ask an administrator")


def test_a_locked_account_refuses_even_the_right_password(models, officer):
    fail_login(models, times=3)
    with pytest.raises(AuthenticationError, match="is locked"):
        users.authenticate(models, "jdupont", PASSWORD, **LIMITS)


def test_the_lock_expires_after_the_lockout_period(models, officer):
    fail_login(models, times=3)
    User = models.User
    past = utcnow() - dt.timedelta(seconds=1)
    User.update(locked_until=past).where(User.id == officer.id).execute()
    assert users.authenticate(models, "jdupont", PASSWORD, **LIMITS).locked_until is None


def test_after_the_lock_expires_the_count_starts_again(models, officer):
    fail_login(models, times=3)
    User = models.User
    past = utcnow() - dt.timedelta(seconds=1)
    User.update(locked_until=past).where(User.id == officer.id).execute()
    fail_login(models)
    assert users.get_user(models, "jdupont").locked_until is None


def test_a_disabled_account_is_refused_with_its_own_message(models, officer):
    users.disable_user(models, "jdupont")
    expected = "^account 'jdupont' is disabled; ask an administrator$"
    with pytest.raises(AuthenticationError, match=expected):
        users.authenticate(models, "jdupont", PASSWORD, **LIMITS)


def test_a_disabled_account_with_a_wrong_password_gets_the_common_message(models, officer):
    users.disable_user(models, "jdupont")
    with pytest.raises(AuthenticationError, match="^wrong user name or password$"):
        users.authenticate(models, "jdupont", "not the password", **LIMITS)


def test_disabling_is_audited(models, officer):
    users.disable_user(models, "jdupont", acting="root")
    assert actions_for(models, officer) == ["user.create", "user.disable"]


def test_enabling_lets_the_user_log_in_again(models, officer):
    users.disable_user(models, "jdupont")
    users.enable_user(models, "jdupont")
    assert users.authenticate(models, "jdupont", PASSWORD, **LIMITS).username == "jdupont"


def test_enabling_lifts_a_lockout(models, officer):
    fail_login(models, times=3)
    assert users.enable_user(models, "jdupont").locked_until is None


def test_the_last_enabled_administrator_cannot_be_disabled(models):
    users.add_user(models, "root", PASSWORD, Role.ADMIN)
    with pytest.raises(ValidationError, match="last enabled administrator"):
        users.disable_user(models, "root")


def test_an_administrator_can_be_disabled_while_another_remains(models):
    users.add_user(models, "root", PASSWORD, Role.ADMIN)
    users.add_user(models, "root2", PASSWORD, Role.ADMIN)
    assert users.disable_user(models, "root").disabled


def test_a_new_password_replaces_the_old_one(models, officer):
    users.set_password(models, "jdupont", "a brand new passphrase")
    assert users.authenticate(models, "jdupont", "a brand new passphrase", **LIMITS)


def test_the_old_password_stops_working_after_a_change(models, officer):
    users.set_password(models, "jdupont", "a brand new passphrase")
    with pytest.raises(AuthenticationError):
        users.authenticate(models, "jdupont", PASSWORD, **LIMITS)


def test_a_password_change_is_audited_without_the_password(models, officer):
    users.set_password(models, "jdupont", "a brand new passphrase", acting="root")
    event = history(models, "user", "", str(officer.id))[0]
    assert (event.action, event.username) == ("user.password", "root")
    assert "a brand new passphrase" not in str(event.detail)


def test_a_password_change_follows_the_policy(models, officer):
    with pytest.raises(ValidationError, match="at least 10 characters"):
        users.set_password(models, "jdupont", "short")


def test_every_user_event_keeps_the_audit_chain_intact(models, officer):
    fail_login(models, times=3)
    users.set_password(models, "jdupont", "a brand new passphrase")
    users.disable_user(models, "jdupont")
    report = verify(models)
    assert report.ok and report.entries == 6
