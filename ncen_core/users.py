"""User accounts: creation, listing, disabling, password changes and authentication.

Every change and every login attempt is written to the audit in the same write
transaction as the change. Who may call these functions (``Permission.MANAGE_USERS``) is
checked by the caller; ``acting`` only names that caller in the audit.

Password hashes never leave this module: callers get :class:`UserInfo`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import secrets
from dataclasses import dataclass
from typing import Any, Final

from ncen_core import audit
from ncen_core.errors import AuthenticationError, NotFoundError, ValidationError
from ncen_core.passwords import check_password_policy, hash_password, verify_password
from ncen_core.roles import POLICY, Role
from ncen_core.storage import is_sqlite, write_transaction
from ncen_core.system_models import SystemModels
from ncen_core.timeutil import utcnow

USERNAME_PATTERN: Final = re.compile(r"[a-z0-9._-]{2,64}")
WRONG_CREDENTIALS: Final = "wrong user name or password"

ACTION_LOGIN: Final = "login"
ACTION_LOGIN_FAILED: Final = "login.failed"
ACTION_USER_CREATE: Final = "user.create"
ACTION_USER_DISABLE: Final = "user.disable"
ACTION_USER_ENABLE: Final = "user.enable"
ACTION_USER_PASSWORD: Final = "user.password"


@dataclass(frozen=True)
class UserInfo:
    """What the rest of the application may know about an account (never its hash)."""

    id: int
    username: str
    full_name: str
    role: Role
    unit: str
    disabled: bool
    locked_until: _dt.datetime | None


def add_user(
    models: SystemModels,
    username: str,
    password: str,
    role: Role | str,
    *,
    full_name: str = "",
    unit: str = "",
    acting: str = "system",
) -> UserInfo:
    """Create an account; :class:`ValidationError` names each field that is refused.

    Officers and supervisors need a unit: their record permissions apply to it only.
    """
    role = _checked_role(role)
    _check_username(username)
    _check_profile(role, full_name, unit)
    check_password_policy(password, username)
    password_hash = hash_password(password)
    User = models.User
    with write_transaction(models.proxy):
        if User.get_or_none(User.username == username) is not None:
            raise ValidationError({"username": f"user name '{username}' is already taken"})
        now = utcnow()
        user = User.create(
            username=username,
            full_name=full_name,
            role=role.value,
            unit=unit,
            password_hash=password_hash,
            created_at=now,
            updated_at=now,
        )
        _audit(models, acting, ACTION_USER_CREATE, user, role=role.value, unit=unit)
    return _info(user)


def get_user(models: SystemModels, username: str) -> UserInfo:
    """The account named ``username`` (case-insensitive); :class:`NotFoundError` if none."""
    return _info(_row(models, username))


def list_users(models: SystemModels) -> list[UserInfo]:
    """Every account, ordered by user name."""
    User = models.User
    return [_info(row) for row in User.select().order_by(User.username)]


def disable_user(models: SystemModels, username: str, *, acting: str = "system") -> UserInfo:
    """Refuse all further logins to the account; the last enabled administrator is kept."""
    User = models.User
    with write_transaction(models.proxy):
        user = _row(models, username, for_update=True)
        if user.role == Role.ADMIN and not user.disabled and _enabled_admins(models) == 1:
            raise ValidationError(
                {"username": f"'{user.username}' is the last enabled administrator; "
                 "enable or add another administrator first"}
            )
        user.disabled = True
        user.updated_at = utcnow()
        user.save()
        _audit(models, acting, ACTION_USER_DISABLE, user)
    return _info(user)


def enable_user(models: SystemModels, username: str, *, acting: str = "system") -> UserInfo:
    """Allow logins again, also lifting a lock left by failed logins."""
    with write_transaction(models.proxy):
        user = _row(models, username, for_update=True)
        user.disabled = False
        user.failed_logins = 0
        user.locked_until = None
        user.updated_at = utcnow()
        user.save()
        _audit(models, acting, ACTION_USER_ENABLE, user)
    return _info(user)


def set_password(
    models: SystemModels, username: str, password: str, *, acting: str = "system"
) -> None:
    """Replace the account's password (policy applies) and lift any lock from failed logins."""
    name = _normalised(username)
    check_password_policy(password, name)
    password_hash = hash_password(password)
    with write_transaction(models.proxy):
        user = _row(models, name, for_update=True)
        user.password_hash = password_hash
        user.failed_logins = 0
        user.locked_until = None
        user.updated_at = utcnow()
        user.save()
        _audit(models, acting, ACTION_USER_PASSWORD, user)


def authenticate(
    models: SystemModels,
    username: str,
    password: str,
    *,
    max_failed_logins: int,
    lockout_minutes: int,
) -> UserInfo:
    """The account when ``password`` is right; otherwise :class:`AuthenticationError`.

    An unknown user and a wrong password get the same message and cost the same hash
    verification. After ``max_failed_logins`` consecutive failures the account is locked
    for ``lockout_minutes``; a success resets the count. The password is verified before
    the write transaction so the write lock is held only for the bookkeeping, which
    (counter and audit entry) commits even when the attempt is refused.
    """
    name = _normalised(username)
    User = models.User
    stored = User.get_or_none(User.username == name)
    checked_hash = stored.password_hash if stored is not None else _dummy_hash()
    password_ok = verify_password(password, checked_hash) and stored is not None
    with write_transaction(models.proxy):
        outcome = _record_attempt(
            models, name, password_ok, checked_hash, max_failed_logins, lockout_minutes
        )
    if isinstance(outcome, AuthenticationError):
        raise outcome
    return outcome


def _record_attempt(
    models: SystemModels,
    name: str,
    password_ok: bool,
    checked_hash: str,
    max_failed_logins: int,
    lockout_minutes: int,
) -> UserInfo | AuthenticationError:
    """Update the account and audit one login attempt; return the user or the refusal."""
    user = _row_or_none(models, name, for_update=True)
    now = utcnow()
    if user is None:
        audit.append(models, name[:64], ACTION_LOGIN_FAILED, detail={"reason": "unknown user"})
        return AuthenticationError(WRONG_CREDENTIALS)
    if user.locked_until is not None and user.locked_until > now:
        _audit(models, name, ACTION_LOGIN_FAILED, user, reason="locked")
        return AuthenticationError(_locked_message(user, max_failed_logins, now))
    if not password_ok or user.password_hash != checked_hash:
        return _count_failure(models, user, now, max_failed_logins, lockout_minutes)
    if user.disabled:
        _audit(models, name, ACTION_LOGIN_FAILED, user, reason="disabled")
        return AuthenticationError(f"account '{name}' is disabled; ask an administrator")
    user.failed_logins = 0
    user.locked_until = None
    user.save()
    _audit(models, name, ACTION_LOGIN, user)
    return _info(user)


def _count_failure(
    models: SystemModels,
    user: Any,
    now: _dt.datetime,
    max_failed_logins: int,
    lockout_minutes: int,
) -> AuthenticationError:
    """Count a wrong password; lock the account (and restart the count) at the limit."""
    failures = user.failed_logins + 1
    locking = failures >= max_failed_logins
    user.failed_logins = 0 if locking else failures
    user.locked_until = now + _dt.timedelta(minutes=lockout_minutes) if locking else None
    user.save()
    detail: dict[str, Any] = {"reason": "wrong password", "failures": failures}
    if locking:
        detail["locked_until"] = user.locked_until.isoformat()
    _audit(models, user.username, ACTION_LOGIN_FAILED, user, **detail)
    if locking:
        return AuthenticationError(_locked_message(user, max_failed_logins, now))
    return AuthenticationError(WRONG_CREDENTIALS)


def _locked_message(user: Any, max_failed_logins: int, now: _dt.datetime) -> str:
    until = user.locked_until - _dt.timedelta(microseconds=1)
    until = until.replace(second=0, microsecond=0) + _dt.timedelta(minutes=1)
    shown = until.strftime("%H:%M" if until.date() == now.date() else "%Y-%m-%d %H:%M")
    return (
        f"account '{user.username}' is locked after {max_failed_logins} failed logins; "
        f"try again after {shown} UTC or ask an administrator"
    )


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches, verified for unknown users so they cost the same time."""
    return hash_password(secrets.token_urlsafe(32))


def _audit(models: SystemModels, acting: str, action: str, user: Any, **detail: Any) -> None:
    audit.append(
        models,
        acting,
        action,
        record_type="user",
        record_uuid=str(user.id),
        detail={"user": user.username, **detail},
    )


def _row(models: SystemModels, username: str, *, for_update: bool = False) -> Any:
    user = _row_or_none(models, _normalised(username), for_update=for_update)
    if user is None:
        raise NotFoundError(f"no user named '{_normalised(username)}'")
    return user


def _row_or_none(models: SystemModels, name: str, *, for_update: bool) -> Any:
    """The user row; ``for_update`` row-locks it on PostgreSQL (SQLite writers are serialised)."""
    User = models.User
    query = User.select().where(User.username == name)
    if for_update and not is_sqlite(models.proxy.obj):
        query = query.for_update()
    return query.first()


def _enabled_admins(models: SystemModels) -> int:
    User = models.User
    query = User.select().where((User.role == Role.ADMIN.value) & ~User.disabled)
    return query.count()


def _normalised(username: str) -> str:
    return username.strip().lower()


def _checked_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError({"role": f"unknown role '{role}' (choose {choices})"}) from None


def _check_username(username: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise ValidationError(
            {"username": f"user name '{username}' is not valid: use 2 to 64 lowercase "
             "letters, digits, dots, dashes or underscores"}
        )


def _check_profile(role: Role, full_name: str, unit: str) -> None:
    problems = {}
    if len(full_name) > 200:
        problems["full_name"] = "use at most 200 characters"
    if len(unit) > 64:
        problems["unit"] = "use at most 64 characters"
    elif not unit and any(scope.own_unit_only for scope in POLICY[role].values()):
        problems["unit"] = f"a user with role '{role}' needs a unit"
    if problems:
        raise ValidationError(problems)


def _info(row: Any) -> UserInfo:
    return UserInfo(
        id=row.id,
        username=row.username,
        full_name=row.full_name,
        role=Role(row.role),
        unit=row.unit,
        disabled=row.disabled,
        locked_until=row.locked_until,
    )
