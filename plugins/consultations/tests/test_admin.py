"""Editors build a consultation in the Wagtail admin like any page, only where the organisation switched the plugin
on."""

from django.urls import reverse

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
