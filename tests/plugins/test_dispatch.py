"""The one dispatch wrapper (config.hooks.call / call_safely): plugins count only where they are switched on."""

import functools
import logging
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from wagtail import hooks

from config import hooks as catalogue
from config.hooks import (
    AFTER_MEMBERSHIP_DECIDED,
    AFTER_POST_PUBLISHED,
    CATALOGUE,
    REGISTER_IMPORTER,
    REGISTER_MODERATION_QUEUE,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_ORGANISATION_PEOPLE,
    REGISTER_ORGANISATION_SECTION,
    REGISTER_ORGANISATION_SETTINGS,
    REGISTER_POST_ACTIONS,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_SPACE_ITEM_KIND,
    REGISTER_THEME_TAB,
    REGISTER_TRAJECTORY_TOOL,
    REGISTER_USER_DATA,
    PageSection,
    ThemeTab,
    call,
    call_safely,
    functions,
)
from config.plugins import plugin_for_module
from themes.models import OrganisationPage
from werkgroepen_dummy import wagtail_hooks as dummy

SCOPED_RENDER_HOOKS = [
    REGISTER_THEME_TAB,
    REGISTER_ORGANISATION_SECTION,
    REGISTER_POST_ACTIONS,
    REGISTER_TRAJECTORY_TOOL,
    REGISTER_IMPORTER,
    REGISTER_ORGANISATION_PEOPLE,
]
SITE_WIDE_HOOKS = [
    REGISTER_SEARCH_PROVIDER,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_MODERATION_QUEUE,
    REGISTER_USER_DATA,
    REGISTER_ORGANISATION_SETTINGS,
]


def fresh(organisation):
    """The organisation as a new request would load it (switched-on plugins are cached per instance)."""
    return OrganisationPage.objects.get(pk=organisation.pk)


def arguments(hook_name, theme):
    request = RequestFactory().get("/")
    return {
        REGISTER_THEME_TAB: (theme, request),
        REGISTER_ORGANISATION_SECTION: (theme.organisation, request),
        REGISTER_POST_ACTIONS: (SimpleNamespace(pk=7), request),
        REGISTER_TRAJECTORY_TOOL: (SimpleNamespace(pk=3), request),
        REGISTER_IMPORTER: (theme.organisation, request),
        REGISTER_ORGANISATION_PEOPLE: (theme.organisation,),
    }[hook_name]


def dummy_results(hook_name, *args, organisation):
    return [item for item in call(hook_name, *args, organisation=organisation) if _from_dummy(item)]


def _from_dummy(item):
    return any(marker in repr(item) for marker in ("Dummy", "dummy", dummy.TAB_LABEL, dummy.SECTION_LABEL))


def core_function(fn, module="themes.wagtail_hooks"):
    """`fn` as if written in a core module (tests can't add files to the core)."""
    fn.__module__ = module
    return fn


def test_every_hook_of_the_catalogue_is_implemented_by_the_dummy():
    """Every hook offered to plugins works for one: the dummy implements each (the docs' working example)."""
    for name in (hook.name for hook in CATALOGUE.values() if hook.for_plugins):
        owners = {plugin_for_module(fn.__module__) for fn in hooks.get_hooks(name)}
        assert any(owner and owner.label == "werkgroepen_dummy" for owner in owners), name


def test_a_hook_not_offered_to_plugins_says_why_and_serves_an_app_of_the_site():
    """A hook kept from plugins (its items subclass a feature app's model) is implemented by that app alone."""
    kept = [hook for hook in CATALOGUE.values() if not hook.for_plugins]
    assert [hook.name for hook in kept] == [REGISTER_SPACE_ITEM_KIND]
    for hook in kept:
        assert "plugin" in hook.doc, hook.name
        owners = {fn.__module__.split(".")[0] for fn in hooks.get_hooks(hook.name)}
        assert owners == {"trajectories"}, owners


def test_every_hook_is_documented_where_it_is_declared():
    for hook in CATALOGUE.values():
        assert len(hook.doc) > 60, hook.name
        assert "Called" in hook.doc, hook.name


@pytest.mark.parametrize("hook_name", SCOPED_RENDER_HOOKS)
def test_an_installed_plugin_nobody_switched_on_contributes_nothing(hook_name, theme):
    assert dummy_results(hook_name, *arguments(hook_name, theme), organisation=fresh(theme.organisation)) == []


@pytest.mark.parametrize("hook_name", SCOPED_RENDER_HOOKS)
def test_a_switched_on_plugin_contributes_to_its_own_organisation_only(
    hook_name, theme, other_organisation, switch_plugin
):
    switch_plugin(theme.organisation)
    args = arguments(hook_name, theme)

    assert len(dummy_results(hook_name, *args, organisation=fresh(theme.organisation))) == 1
    assert dummy_results(hook_name, *args, organisation=fresh(other_organisation)) == []


@pytest.mark.parametrize("hook_name", SCOPED_RENDER_HOOKS)
def test_a_plugin_switched_off_again_contributes_nothing(hook_name, theme, switch_plugin):
    switch_plugin(theme.organisation, enabled=False)

    assert dummy_results(hook_name, *arguments(hook_name, theme), organisation=fresh(theme.organisation)) == []


def test_switching_on_another_plugin_does_not_switch_on_the_dummy(theme, switch_plugin):
    switch_plugin(theme.organisation, plugin="werkgroepen_activities")

    assert (
        dummy_results(REGISTER_THEME_TAB, *arguments(REGISTER_THEME_TAB, theme), organisation=fresh(theme.organisation))
        == []
    )


@pytest.mark.parametrize("hook_name", SCOPED_RENDER_HOOKS)
def test_scoped_hooks_without_an_organisation_drop_every_plugin(hook_name, theme, switch_plugin):
    switch_plugin(theme.organisation)

    assert dummy_results(hook_name, *arguments(hook_name, theme), organisation=None) == []


def test_the_dummy_theme_tab_renders_its_marker(theme, switch_plugin):
    switch_plugin(theme.organisation)

    [tab] = dummy_results(REGISTER_THEME_TAB, theme, RequestFactory().get("/"), organisation=fresh(theme.organisation))

    assert isinstance(tab, ThemeTab)
    assert tab.label == dummy.TAB_LABEL
    assert dummy.TAB_MARKER in tab.render()


@pytest.mark.parametrize("hook_name", SITE_WIDE_HOOKS)
def test_site_wide_hooks_include_every_installed_plugin(hook_name, db):
    """Site search, notifications, the moderator dashboard and GDPR export/erase (SEC-16, SEC-17) reach
    every installed plugin, switched on anywhere or not."""
    assert [item for item in call(hook_name) if _from_dummy(item)]


def test_the_dummy_search_provider_answers_through_the_site_search_hook(member):
    [provider] = [p for p in call(REGISTER_SEARCH_PROVIDER) if p.label == "Dummy"]

    assert [hit.title for hit in provider.search("dummy", member, 10)] == ["Dummy-resultaat"]
    assert provider.search("fietspaden", member, 10) == []


def test_the_dummy_user_data_can_be_exported_and_erased(member, dummy_calls):
    [data] = [d for d in call(REGISTER_USER_DATA) if d.label == "Dummy"]

    assert data.export(member) == {"dummy": {"display_name": "Lid"}}
    data.erase(member)
    assert dummy_calls == [("erase_user_data", (member.pk,))]


def test_core_functions_always_run(theme, other_organisation):
    def core_tab(page, request):
        return ThemeTab(label="Berichten", slug="berichten", order=10, render=lambda: "")

    with hooks.register_temporarily(REGISTER_THEME_TAB, core_function(core_tab)):
        for organisation in (fresh(theme.organisation), fresh(other_organisation), None):
            labels = [
                tab.label
                for tab in call(REGISTER_THEME_TAB, theme, RequestFactory().get("/"), organisation=organisation)
            ]
            assert "Berichten" in labels
            assert dummy.TAB_LABEL not in labels


def test_functions_report_which_plugin_they_come_from(theme, switch_plugin):
    switch_plugin(theme.organisation)

    owners = {plugin for _fn, plugin in functions(REGISTER_THEME_TAB, organisation=fresh(theme.organisation))}

    assert "werkgroepen_dummy" in owners


def test_a_plugin_function_wrapped_in_a_partial_still_belongs_to_the_plugin(theme, switch_plugin, other_organisation):
    wrapped = functools.partial(dummy.dummy_organisation_section)
    switch_plugin(theme.organisation)

    with hooks.register_temporarily(REGISTER_ORGANISATION_SECTION, wrapped):
        on = dummy_results(
            REGISTER_ORGANISATION_SECTION, theme.organisation, None, organisation=fresh(theme.organisation)
        )
        off = dummy_results(
            REGISTER_ORGANISATION_SECTION, other_organisation, None, organisation=fresh(other_organisation)
        )

    assert len(on) == 2
    assert off == []


def test_after_the_fact_hooks_reach_switched_on_plugins_only(
    theme, other_organisation, switch_plugin, dummy_calls, member
):
    switch_plugin(theme.organisation)
    post, membership = SimpleNamespace(pk=1), SimpleNamespace(pk=2)

    call_safely(AFTER_POST_PUBLISHED, post, member, organisation=fresh(theme.organisation))
    call_safely(AFTER_MEMBERSHIP_DECIDED, membership, member, organisation=fresh(theme.organisation))
    call_safely(AFTER_POST_PUBLISHED, post, member, organisation=fresh(other_organisation))

    assert dummy_calls == [(AFTER_POST_PUBLISHED, (post, member)), (AFTER_MEMBERSHIP_DECIDED, (membership, member))]


def test_call_safely_logs_a_failing_function_and_runs_the_rest(theme, switch_plugin, dummy_calls, member, caplog):
    """REL-01/REL-03 spirit: a plugin's failure after commit never undoes or blocks the user's action."""

    def broken(post, actor):
        raise RuntimeError("boom")

    switch_plugin(theme.organisation)
    post = SimpleNamespace(pk=1)
    with hooks.register_temporarily(AFTER_POST_PUBLISHED, core_function(broken), order=-10):
        with caplog.at_level(logging.ERROR, logger="werkgroepen.hooks"):
            call_safely(AFTER_POST_PUBLISHED, post, member, organisation=fresh(theme.organisation))

    assert dummy_calls == [(AFTER_POST_PUBLISHED, (post, member))]
    [record] = [r for r in caplog.records if r.name == "werkgroepen.hooks"]
    assert "after_post_published" in record.getMessage()
    assert record.exc_info[0] is RuntimeError


def test_call_lets_a_failing_function_fail(theme):
    def broken(page, request):
        raise RuntimeError("boom")

    with hooks.register_temporarily(REGISTER_THEME_TAB, core_function(broken)):
        with pytest.raises(RuntimeError):
            call(REGISTER_THEME_TAB, theme, None, organisation=fresh(theme.organisation))


def test_a_wrong_return_value_names_the_culprit(theme, caplog):
    def wrong(page, request):
        return PageSection(label="Not a tab", order=1, render=lambda: "")

    with hooks.register_temporarily(REGISTER_THEME_TAB, core_function(wrong)):
        with pytest.raises(TypeError, match=r"themes\.wagtail_hooks.*wrong.*expected ThemeTab"):
            call(REGISTER_THEME_TAB, theme, None, organisation=fresh(theme.organisation))
        with caplog.at_level(logging.ERROR, logger="werkgroepen.hooks"):
            results = call_safely(REGISTER_THEME_TAB, theme, None, organisation=fresh(theme.organisation))
    assert "Not a tab" not in [item.label for item in results]
    assert "register_theme_tab" in caplog.text


def test_none_and_lists_are_flattened(theme):
    tab = ThemeTab(label="Leden", slug="leden", order=20, render=lambda: "")

    with hooks.register_temporarily(
        [
            (REGISTER_THEME_TAB, core_function(lambda page, request: None)),
            (REGISTER_THEME_TAB, core_function(lambda page, request: [tab, None])),
        ]
    ):
        results = call(REGISTER_THEME_TAB, theme, None, organisation=fresh(theme.organisation))
    assert results.count(tab) == 1
    assert None not in results


def test_only_catalogue_hooks_can_be_called(db):
    with pytest.raises(KeyError, match="not in the Werkgroepen hook catalogue"):
        call("register_theme_tabs")


def test_switched_on_plugins_are_read_once_per_organisation(theme, switch_plugin, django_assert_num_queries):
    """PERF-02: dispatch costs one query per organisation instance, however many hooks a page calls."""
    switch_plugin(theme.organisation)
    organisation = fresh(theme.organisation)
    request = RequestFactory().get("/")

    with django_assert_num_queries(1):
        for _ in range(3):
            call(REGISTER_THEME_TAB, theme, request, organisation=organisation)
            call(REGISTER_ORGANISATION_SECTION, organisation, request, organisation=organisation)


def test_site_wide_hooks_query_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        call(REGISTER_NOTIFICATION_TYPES)
        call(REGISTER_MODERATION_QUEUE)


def test_plugin_ownership_is_cached_per_module(db):
    plugin_for_module.cache_clear()
    call(REGISTER_NOTIFICATION_TYPES)
    call(REGISTER_NOTIFICATION_TYPES)

    assert plugin_for_module.cache_info().hits >= 1
    assert catalogue.origin_module(dummy.dummy_notification_types) == "werkgroepen_dummy.wagtail_hooks"
