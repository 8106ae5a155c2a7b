"""Editors build a consultation in the Wagtail admin like any page, only where the organisation switched the plugin
on."""

import pytest
from django.urls import reverse
from django.utils import translation

from werkgroepen_consultations.factories import switch_on


def add_url(theme):
    return reverse("wagtailadmin_pages:add", args=["werkgroepen_consultations", "consultationpage", theme.pk])


def test_the_admin_offers_the_consultation_form_below_a_theme_where_the_plugin_is_on(
    client, superadmin, theme, organisation, settings
):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False  # staff MFA has its own tests (tests/core)
    client.force_login(superadmin)
    choose = reverse("wagtailadmin_pages:add_subpage", args=[theme.pk])
    assert "consultationpage" not in client.get(choose).content.decode()
    assert client.get(add_url(theme)).status_code in {302, 403}
    switch_on(organisation)
    assert "consultationpage" in client.get(choose).content.decode()
    html = client.get(add_url(theme)).content.decode()
    for field in ("id_closes_at", "id_audience", "id_results_policy", "id_budget", "id_plan_image", "questions-FORMS"):
        assert field in html, field


def consultation_form(theme, superadmin, *, kind, questions=(), options=(), scenarios=()):
    from django.utils import timezone
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from werkgroepen_consultations.consultation.models import ConsultationPage

    closes = (timezone.localtime() + timezone.timedelta(days=14)).strftime("%Y-%m-%d %H:%M")
    data = nested_form_data(
        {
            "title": "Begroting 2027",
            "slug": "begroting-2027-raadpleging",
            "kind": kind,
            "intro": rich_text(""),
            "follow_up": rich_text(""),
            "opens_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "closes_at": closes,
            "audience": "everyone",
            "one_per": "person",
            "results_policy": "live",
            "vote_mode": "one",
            "questions": inline_formset([{"text": text, "kind": "yes_no", "section": ""} for text in questions]),
            "vote_options": inline_formset([{"title": title, "description": "", "cost": ""} for title in options]),
            "scenarios": inline_formset([{"title": title, "text": rich_text("")} for title in scenarios]),
        }
    )
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    return form_class(data, instance=ConsultationPage(), parent_page=theme, for_user=superadmin)


@pytest.mark.parametrize(
    ("kind", "too_few", "enough", "message"),
    [
        ("survey", {}, {"questions": ["Fiets je naar het werk?"]}, "A survey needs at least one question."),
        ("vote", {"options": ["Fietspad"]}, {"options": ["Fietspad", "Speelplein"]}, "at least two options"),
        ("scenarios", {"scenarios": ["Groen"]}, {"scenarios": ["Groen", "Grijs"]}, "two to five scenarios"),
    ],
)
def test_each_kind_is_refused_without_enough_of_its_parts(
    theme, organisation, superadmin, kind, too_few, enough, message
):
    """An editor cannot save a vote with one option or scenario planning with one scenario: the form says what is
    missing; with enough parts the same form passes that rule."""
    switch_on(organisation)
    translation.activate("en")  # the messages as written (the Dutch ones are checked by the catalogue test)

    refused = consultation_form(theme, superadmin, kind=kind, **too_few)
    assert not refused.is_valid()
    assert any(message in error for error in refused.non_field_errors())

    accepted = consultation_form(theme, superadmin, kind=kind, **enough)
    accepted.is_valid()
    assert not any(message in error for error in accepted.non_field_errors()), accepted.errors
