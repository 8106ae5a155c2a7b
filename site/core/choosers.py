"""Choosing people (and pages) in the administration without listing everyone's address (issue 9, hole 7).

A select box of "every active account, name <e-mail>" showed an organisation admin the address of every person on
the platform. Here a person is chosen in one of two ways only:

- by typing their exact e-mail address (nothing is suggested and a near miss finds nobody; on the roles screen,
  which organisation admins use, unknown addresses count towards a rate limit so the field is no address oracle);
- from a list of the organisation's own people — those holding a role in one of the organisations the admin
  manages, the representatives of its member organisations, and whoever the apps and the organisation's plugins
  count among its people (``register_organisation_people``, e.g. the members of its themes) — shown by display name
  only, never by address.

:func:`register_people_fields` makes this the form field of every foreign key and many-to-many relation to the
user model in Wagtail's admin forms (snippets, model viewsets, page panels), so a chooser of users added later
gets it too. Wagtail's own filters show people by ``get_full_name()``, which falls back to the display name (see
``core.models.User``), never to the address.
"""

import re

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.forms.models import register_form_field_override

from config.hooks import REGISTER_ORGANISATION_PEOPLE, call
from core import ratelimit
from core.accounts.models import User
from core.roles.selectors import administered_organisations, manageable_pages

UNKNOWN_ADDRESSES_PER_HOUR = 30  # SEC-13: per person choosing


def organisation_people(user):
    """The people `user` may pick from a list (by display name): for an organisation admin, everyone holding a role
    in one of their organisations, the representatives of its member organisations and the people the apps and the
    organisation's plugins name through ``register_organisation_people``; for a superadmin, everyone holding a role
    anywhere. Nobody else gets a list."""
    people = User.objects.filter(is_active=True)
    if user.is_superuser:
        return people.filter(role_assignments__isnull=False).distinct().order_by("display_name")
    organisations = list(administered_organisations(user).specific())
    if not organisations:
        return people.none()
    condition = Q(role_assignments__page__in=manageable_pages(user)) | Q(
        represented_organisations__organisation__in=[organisation.pk for organisation in organisations]
    )
    for organisation in organisations:
        for named in call(REGISTER_ORGANISATION_PEOPLE, organisation, organisation=organisation):
            condition |= Q(pk__in=named.people.values("pk"))
    return people.filter(condition).distinct().order_by("display_name")


def find_by_address(email, *, by=None):
    """The active account whose address is exactly `email` (any case), or None. Unknown addresses are counted per
    person looking (`by`): past the limit, ``forms.ValidationError`` instead of an answer."""
    email = (email or "").strip()
    person = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if person is None and by is not None:
        key = getattr(by, "pk", by)
        if not ratelimit.allow(scope="people-by-address", key=key, limit=UNKNOWN_ADDRESSES_PER_HOUR, period=3600):
            raise forms.ValidationError(_("Too many unknown addresses tried. Try again in an hour."))
    return person


class PersonChoiceField(forms.ModelChoiceField):
    """A list of people by display name (the only public name); never their address."""

    def label_from_instance(self, obj):
        return obj.display_name


class PageChoiceField(forms.ModelChoiceField):
    """Pages of the tree (organisations, themes) indented by their depth below the organisations."""

    def label_from_instance(self, obj):
        return "— " * max(obj.depth - 3, 0) + obj.title


# --- The generic fields for relations to the user model -------------------------------------------------------------

ADDRESS_PREFIX = "address:"


class PeopleByAddressWidget(forms.Widget):
    """The people chosen so far as ticked checkboxes (display name), and a text area for exact addresses to add."""

    def __init__(self, *args, multiple=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.multiple = multiple

    def _chosen(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        pks = [getattr(item, "pk", item) for item in values]
        pks = [pk for pk in pks if str(pk).isdigit()]
        return list(User.objects.filter(pk__in=pks).order_by("display_name"))

    def render(self, name, value, attrs=None, renderer=None):
        # The entry field carries the field's own id, so the form's label ("Representatives") names it; the people
        # already chosen each have their own label.
        field_id = (attrs or {}).get("id") or f"id_{name}"
        values = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else [value])
        typed = [str(item)[len(ADDRESS_PREFIX) :] for item in values if str(item).startswith(ADDRESS_PREFIX)]
        chosen = self._chosen(values)
        kind = "checkbox"  # also for one person: unticking clears the choice
        boxes = format_html_join(
            "",
            '<li><label for="{0}_{1}"><input type="{2}" name="{3}" value="{1}" id="{0}_{1}" checked> {4}</label></li>',
            ((field_id, person.pk, kind, name, person.display_name) for person in chosen),
        )
        if self.multiple:
            hint = _("Untick a person to remove them. Add people by their exact e-mail address, one per line.")
            entry = format_html(
                '<textarea name="{}_address" id="{}" rows="3" cols="40" autocomplete="off" '
                'aria-describedby="{}_help">{}</textarea>',
                name,
                field_id,
                field_id,
                "\n".join(typed),
            )
        else:
            hint = _("Untick the person to clear the choice, or type the exact e-mail address of someone else.")
            entry = format_html(
                '<input type="email" name="{}_address" id="{}" value="{}" autocomplete="off" aria-describedby="{}_help">',
                name,
                field_id,
                typed[-1] if typed else "",
                field_id,
            )
        listing = format_html('<ul class="w-mb-2">{}</ul>', boxes) if chosen else ""
        return format_html(
            '{}{}<p class="help" id="{}_help">{} {}</p>',
            listing,
            entry,
            field_id,
            hint,
            _("Nobody is suggested: type the address exactly as the person uses it."),
        )

    def value_from_datadict(self, data, files, name):
        chosen = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        if not isinstance(chosen, (list, tuple)):
            chosen = [chosen]
        typed = re.split(r"[\s,;]+", data.get(f"{name}_address", "") or "")
        addresses = [ADDRESS_PREFIX + address for address in typed if address]
        if self.multiple:
            return [*chosen, *addresses]
        return addresses[-1] if addresses else (chosen[0] if chosen else "")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_address" not in data


def _resolve(values, queryset):
    """Turn the widget's values (ids of people already chosen, ``address:`` entries) into user ids."""
    pks, unknown = [], []
    for value in values:
        value = str(value)
        if value.startswith(ADDRESS_PREFIX):
            person = find_by_address(value[len(ADDRESS_PREFIX) :])
            if person is None or not queryset.filter(pk=person.pk).exists():
                unknown.append(value[len(ADDRESS_PREFIX) :])
            else:
                pks.append(person.pk)
        elif value:
            pks.append(value)
    if unknown:
        raise forms.ValidationError(
            _("No account uses this address: %(addresses)s.") % {"addresses": ", ".join(unknown)}, code="unknown"
        )
    return pks


class PeopleByAddressField(forms.ModelMultipleChoiceField):
    """Several people, each added by exact address; see :class:`PeopleByAddressWidget`."""

    widget = PeopleByAddressWidget

    def clean(self, value):
        return super().clean(_resolve(value or [], self.queryset))


class PersonByAddressField(forms.ModelChoiceField):
    """One person, chosen by exact address (the current one stays unless another address is typed)."""

    widget = PeopleByAddressWidget(multiple=False)

    def clean(self, value):
        resolved = _resolve([value] if value else [], self.queryset)
        return super().clean(resolved[0] if resolved else None)


def _people_for_many_to_many(db_field):
    if db_field.remote_field.model._meta.label == settings.AUTH_USER_MODEL:
        return {"form_class": PeopleByAddressField}
    return None


def register_people_fields():
    """Every Wagtail admin form: foreign keys and many-to-many relations to users become the fields above (called
    once, from ``CoreConfig.ready``)."""
    register_form_field_override(
        models.ForeignKey, to=settings.AUTH_USER_MODEL, override={"form_class": PersonByAddressField}
    )
    # Wagtail's registry accepts a callable for a field class; it answers per field (only relations to users).
    register_form_field_override(models.ManyToManyField, override=_people_for_many_to_many)
