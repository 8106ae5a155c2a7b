"""The authentication backends: Django's and allauth's, reading what every request asks of a person in fewer queries.

- The person of a request is read with whether they have an authenticator app (``has_totp``), which the
  administration's two-step gate asks on every admin request (``core.middleware.user_needs_mfa``): one query
  instead of two. The statement is written once per process from the models' metadata: built and compiled by the
  ORM on every request, this one query took 0.7 ms of Python per request, against 0.15 ms read this way.
- A person's permissions (their own and their groups') are read in one query instead of two; the administration
  asks for them on every request of someone who is not a superadmin. Superadmins have every permission without
  a query, as in Django.

What they answer is Django's: ``tests/core/accounts/test_backends.py`` compares them with Django's own backend for
every kind of person.
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection


def user_with_two_step(user_id):
    """The person with ``user_id`` and whether they have an authenticator app, or None."""
    model = get_user_model()
    try:
        user_id = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = list(model._default_manager.raw(_user_sql(), [Authenticator.Type.TOTP, user_id]))
    if not rows:
        return None
    user = rows[0]
    user.has_totp = bool(user.has_totp)
    return user


@functools.cache
def _user_sql():
    """The person's row and whether they have an authenticator app of `type`: one statement. Table and column names
    come from the models (quoted); the type and the id are parameters."""
    model = get_user_model()
    quote = connection.ops.quote_name
    authenticator = Authenticator._meta
    columns = ", ".join(f"u.{quote(field.column)}" for field in model._meta.concrete_fields)
    owner = quote(authenticator.get_field("user").column)
    kind = quote(authenticator.get_field("type").column)
    return (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {quote(authenticator.db_table)} a"  # noqa: S608
        f" WHERE a.{owner} = u.{quote(model._meta.pk.column)} AND a.{kind} = %s) AS has_totp"
        f" FROM {quote(model._meta.db_table)} u WHERE u.{quote(model._meta.pk.column)} = %s"
    )


@functools.cache
def _permissions_sql():
    """Every permission of a person, given directly or through a group, as (app label, codename): one statement.
    The table and column names come from the models, so a custom user model keeps working."""
    user_model = get_user_model()
    quote = connection.ops.quote_name
    own = user_model._meta.get_field("user_permissions").remote_field.through._meta
    groups = user_model._meta.get_field("groups").remote_field.through._meta
    group_permissions = Group._meta.get_field("permissions").remote_field.through._meta

    def column(meta, target):
        return quote(next(f.column for f in meta.fields if f.is_relation and f.related_model is target))

    # Only names from the models' metadata go into the text (quoted); the person's id is a parameter.
    return (
        f"SELECT ct.{quote('app_label')}, p.{quote('codename')}"  # noqa: S608
        f" FROM {quote(Permission._meta.db_table)} p"
        f" INNER JOIN {quote(ContentType._meta.db_table)} ct ON ct.{quote('id')} = p.{quote('content_type_id')}"
        f" WHERE p.{quote('id')} IN ("
        f"SELECT {column(own, Permission)} FROM {quote(own.db_table)} WHERE {column(own, user_model)} = %s"
        f" UNION SELECT gp.{column(group_permissions, Permission)} FROM {quote(group_permissions.db_table)} gp"
        f" INNER JOIN {quote(groups.db_table)} ug ON ug.{column(groups, Group)} = gp.{column(group_permissions, Group)}"
        f" WHERE ug.{column(groups, user_model)} = %s)"
    )


class FewerQueriesMixin:
    def get_user(self, user_id):
        user = user_with_two_step(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}
        return user_obj._perm_cache


class ModelBackend(FewerQueriesMixin, DjangoModelBackend):
    """Django's ModelBackend (force_login, the admin's checks)."""


class AuthenticationBackend(FewerQueriesMixin, AllauthBackend):
    """allauth's backend (log-in by e-mail address)."""
