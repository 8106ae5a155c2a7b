"""The activities pages of an organisation: the public list and page (with iCal and schema.org JSON-LD), reporting,
"Mijn activiteiten" with the activity form and its publication steps, and the territory screens of seed 002.

Every view first finds the organisation and answers 404 where it is not visible or has not switched the plugin on;
invisible and missing activities both answer 404. Views parse, call one service or selector, and render.
"""

import json
from datetime import UTC

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.links import absolute
from core.pages.selectors import page_visible_to
from themes.models import MemberOrganisation, OrganisationPage
from werkgroepen_activities.activities import selectors
from werkgroepen_activities.activities.forms import (
    ActivityForm,
    BulkForm,
    DepublishForm,
    ManageFilterForm,
    PublicFilterForm,
    ReportForm,
)
from werkgroepen_activities.activities.models import Activity, Status
from werkgroepen_activities.activities.policies import may_manage, may_moderate, may_moderate_territory, may_report
from werkgroepen_activities.activities.rules import missing_steps
from werkgroepen_activities.activities.services import (
    NotPublishable,
    activities_bulk,
    activity_depublish,
    activity_publish,
    activity_report,
    activity_save,
    activity_viewed,
    reports_resolve,
)
from werkgroepen_activities.feed.selectors import last_imports
from werkgroepen_activities.settings import PLUGIN, settings_for
from werkgroepen_activities.territory.selectors import postcodes_of

NS = "werkgroepen_activities"


def organisation_or_404(request, slug):
    """The organisation with `slug`, visible to the person and with the plugin switched on; else 404."""
    organisation = OrganisationPage.objects.live().filter(slug=slug).first()
    if organisation is None or not page_visible_to(organisation, request.user):
        raise Http404
    if PLUGIN not in organisation.enabled_plugin_labels():
        raise Http404
    return organisation


def activity_or_404(request, organisation, pk):
    activity = selectors.activity_for(organisation, pk, user=request.user)
    if activity is None:
        raise Http404
    return activity


def _base(request, organisation, **context):
    context.update(
        organisation=organisation,
        may_manage=may_manage(request.user, organisation),
        may_moderate_territory=may_moderate_territory(request.user, organisation) and bool(postcodes_of(organisation)),
    )
    return context


# --- Public ------------------------------------------------------------------------------------------------------


def activity_list(request, organisation_slug):
    """/activiteiten/<organisatie>/: upcoming published activities with filters, keyset-paged."""
    organisation = organisation_or_404(request, organisation_slug)
    form = PublicFilterForm(request.GET or None, types=selectors.offered_types(organisation))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = selectors.public_list(organisation, user=request.user, filters=filters, cursor=request.GET.get("na", ""))
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "werkgroepen_activities/activities/list.html",
        _base(request, organisation, form=form, page=page, query=query.urlencode()),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _json_ld(activity, request):
    """schema.org ``Event`` of `activity`, as a safe ``<script type="application/ld+json">`` element."""
    dates = list(activity.dates.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.description_source[:500],
        "url": absolute(activity.get_absolute_url()),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {"@type": "Organization", "name": activity.organiser_label or activity.organisation.title},
    }
    if dates:
        data["startDate"] = dates[0].start.isoformat()
        data["endDate"] = dates[-1].end.isoformat()
    if activity.online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": activity.online_url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {
            "@type": "Place",
            "name": activity.municipality,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": activity.street,
                "postalCode": activity.postcode,
                "addressLocality": activity.municipality,
                "addressCountry": "BE",
            },
        }
    text = json.dumps(data, ensure_ascii=False)
    # Escape what could end the element or start markup inside it (as Django's json_script does).
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped


def activity_detail(request, organisation_slug, pk):
    """The activity's page: "Tijd en locatie", "Beschrijving", and for its moderators "Status" with the missing
    steps and the publish / depublish actions."""
    organisation = organisation_or_404(request, organisation_slug)
    activity = activity_or_404(request, organisation, pk)
    moderating = may_moderate(request.user, activity)
    if activity.status == Status.PUBLISHED and not moderating:
        activity_viewed(activity=activity)
    dates = list(activity.dates.all())
    steps = missing_steps(activity, settings_for(organisation), dates=dates) if moderating else []
    return render(
        request,
        "werkgroepen_activities/activities/detail.html",
        _base(
            request,
            organisation,
            activity=activity,
            dates=dates,
            steps=steps,
            moderating=moderating,
            may_report=may_report(request.user, activity) and activity.status == Status.PUBLISHED,
            report_form=ReportForm(),
            depublish_form=DepublishForm(),
            json_ld=_json_ld(activity, request) if activity.status == Status.PUBLISHED else "",
            history=activity.status_changes.select_related("by")[:10] if moderating else [],
            open_reports=selectors.open_reports_of(activity) if moderating else [],
            edit_url=reverse(f"{NS}:edit", args=[organisation.slug, activity.pk]),
        ),
    )


def _ics_text(value):
    return str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def activity_ical(request, organisation_slug, pk):
    """The activity's dates as an iCalendar file (one VEVENT per date)."""
    organisation = organisation_or_404(request, organisation_slug)
    activity = activity_or_404(request, organisation, pk)
    if activity.status != Status.PUBLISHED:
        raise Http404
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    place = "online" if activity.online else f"{activity.street}, {activity.postcode} {activity.municipality}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Werkgroepen//Activiteiten//NL", "CALSCALE:GREGORIAN"]
    for date in activity.dates.all():
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.pk}-{date.pk}@werkgroepen",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{date.start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{date.end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(activity.title)}",
            f"LOCATION:{_ics_text(place)}",
            f"URL:{absolute(activity.get_absolute_url())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activiteit-{activity.pk}.ics"'
    return response


def activity_report_view(request, organisation_slug, pk):
    """Report an activity (POST, logged-in visitors); the moderators are told. The organisation and activity are
    looked up first, so a switched-off or invisible one answers 404 whatever the method."""
    organisation = organisation_or_404(request, organisation_slug)
    activity = activity_or_404(request, organisation, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(activity.get_absolute_url())
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            activity_report(activity=activity, reporter=request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(request, _("Thank you. The moderators will look at your report."))
        return redirect(activity.get_absolute_url())
    messages.error(request, _("Say what is wrong with this activity."))
    return redirect(activity.get_absolute_url())


# --- Managing ----------------------------------------------------------------------------------------------------


def overview(request):
    """/activiteiten/: the person's organisations (links to their activities and territory) and the reported
    activities they moderate (the moderation dashboard's "Gerapporteerde activiteiten" leads here)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = selectors.my_organisations(request.user)
    if not rows:
        raise Http404
    return render(
        request,
        "werkgroepen_activities/activities/overview.html",
        {"rows": rows, "reported": selectors.reported(request.user)},
    )


def activity_reports_resolve_view(request, organisation_slug, pk):
    """Close the open reports of an activity (POST, its moderators)."""
    organisation = organisation_or_404(request, organisation_slug)
    activity = activity_or_404(request, organisation, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        reports_resolve(activity=activity, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("The reports are handled."))
    return redirect(activity.get_absolute_url())


def _require(condition):
    if not condition:
        raise Http404  # not allowed looks like not there


def activity_mine(request, organisation_slug):
    """ "Mijn activiteiten": the organisation's activities for its admins and editors."""
    organisation = organisation_or_404(request, organisation_slug)
    _require(may_manage(request.user, organisation))
    types = selectors.offered_types(organisation)
    form = ManageFilterForm(request.GET or None, types=types)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = selectors.mine(organisation, user=request.user, filters=filters, cursor=request.GET.get("na", ""))
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "werkgroepen_activities/activities/mine.html",
        _base(request, organisation, form=form, page=page, query=query.urlencode()),
    )


def _organisers(organisation):
    return MemberOrganisation.objects.filter(organisation=organisation).order_by("name")


def activity_edit(request, organisation_slug, pk=None):
    """Add (``pk`` None) or edit an activity. What was typed stays in the form when it has errors."""
    organisation = organisation_or_404(request, organisation_slug)
    _require(may_manage(request.user, organisation))
    activity = Activity(organisation=organisation) if pk is None else activity_or_404(request, organisation, pk)
    organisers = list(_organisers(organisation))
    types = selectors.offered_types(organisation)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, types=types, organisers=organisers)
        if form.is_valid():
            data = form.cleaned_data
            organiser = next((item for item in organisers if str(item.pk) == data["organiser"]), None)
            values = {
                name: data[name]
                for name in (
                    "title",
                    "online",
                    "online_url",
                    "street",
                    "postcode",
                    "municipality",
                    "language_hint",
                    "price",
                    "contact",
                    "accessibility",
                    "image_description",
                )
            }
            values["organiser"] = organiser
            values["recurring"] = bool(data.get("repeat_until"))
            occurrences = form.occurrences()
            activity = activity_save(
                organisation=organisation,
                by=request.user,
                activity=activity if activity.pk else None,
                values=values,
                description=data["description"],
                occurrences=occurrences if data.get("date") or activity.pk is None else None,
                types=data["types"],
                tags=[tag.strip() for tag in data["tags"].split(",")],
                image_upload=data.get("image"),
            )
            messages.success(request, _("The activity was saved."))
            return redirect(activity.get_absolute_url())
        status = 400
    else:
        initial = ActivityForm.initial_for(activity) if activity.pk else {"types": [], "municipality": ""}
        form = ActivityForm(initial=initial, types=types, organisers=organisers)
        status = 200
    return render(
        request,
        "werkgroepen_activities/activities/form.html",
        _base(request, organisation, form=form, activity=activity),
        status=status,
    )


def activity_publish_view(request, organisation_slug, pk):
    """Publish (POST), refused with the missing steps on the activity's page."""
    organisation = organisation_or_404(request, organisation_slug)
    activity = activity_or_404(request, organisation, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        activity_publish(activity=activity, by=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except NotPublishable:
        messages.error(request, _("The activity cannot be published because it may be incomplete."))
        return redirect(activity.get_absolute_url())
    messages.success(request, _("The activity is published."))
    return redirect(activity.get_absolute_url())


def activity_depublish_view(request, organisation_slug, pk):
    """Depublish (POST) with the reason the organiser receives."""
    organisation = organisation_or_404(request, organisation_slug)
    activity = activity_or_404(request, organisation, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DepublishForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        activity_depublish(activity=activity, by=request.user, reason=reason)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(activity.get_absolute_url())
    messages.success(request, _("The activity is depublished; the organiser receives your reason."))
    return redirect(activity.get_absolute_url())


# --- Territory ---------------------------------------------------------------------------------------------------


def territory_activities(request, organisation_slug):
    """ "Activiteiten op mijn grondgebied": the table of seed 002 with search, filters, paging and bulk actions."""
    organisation = organisation_or_404(request, organisation_slug)
    _require(may_moderate_territory(request.user, organisation) and postcodes_of(organisation))
    types = selectors.offered_types(organisation)
    form = ManageFilterForm(request.GET or None, types=types)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    bulk_form = BulkForm()
    if request.method == "POST":
        visible = Activity.objects.visible_to(request.user).filter(postcode__in=postcodes_of(organisation))
        ids = request.POST.getlist("selected")
        chosen = list(visible.filter(pk__in=[int(pk) for pk in ids if pk.isdigit()]).select_related("organisation"))
        bulk_form = BulkForm(request.POST, ids=[activity.pk for activity in chosen])
        if bulk_form.is_valid():
            result = activities_bulk(
                activities=chosen,
                action=bulk_form.cleaned_data["action"],
                by=request.user,
                reason=bulk_form.cleaned_data.get("reason", ""),
            )
            if result.done:
                changed = ngettext("%(count)d activity changed.", "%(count)d activities changed.", len(result.done))
                messages.success(request, changed % {"count": len(result.done)})
            for activity, reason in result.refused:
                messages.error(request, f"{activity}: {reason}")
            return redirect(request.get_full_path())
    page = selectors.territory_list(organisation, user=request.user, filters=filters, cursor=request.GET.get("na", ""))
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "werkgroepen_activities/territory/activities.html",
        _base(
            request,
            organisation,
            form=form,
            bulk_form=bulk_form,
            page=page,
            query=query.urlencode(),
            imports=last_imports(organisation),
            postcodes=postcodes_of(organisation),
        ),
        status=400 if bulk_form.is_bound else 200,
    )


def territory_organisations(request, organisation_slug):
    """ "Organisaties op mijn grondgebied": the organisers active in the territory."""
    organisation = organisation_or_404(request, organisation_slug)
    _require(may_moderate_territory(request.user, organisation) and postcodes_of(organisation))
    rows = selectors.territory_organisations(organisation, user=request.user)
    return render(
        request,
        "werkgroepen_activities/territory/organisations.html",
        _base(request, organisation, rows=rows, postcodes=postcodes_of(organisation)),
    )
