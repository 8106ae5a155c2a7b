"""Page choosers and the explorer list only pages the person may see (issue 9, hole 10)."""

from functools import wraps

from django.http import Http404
from wagtail import hooks
from wagtail.admin.views.chooser import ChosenMultipleView, page_models_from_string
from wagtail.models import Page

from core.pages.selectors import admin_page_visible, admin_visible_pages


def _chooser_parent(request):
    """The page whose children the page chooser is about to list (and whose title it shows), if any."""
    match = request.resolver_match
    if match is None:
        return None
    if "parent_page_id" in match.kwargs:
        return Page.objects.filter(pk=match.kwargs["parent_page_id"]).first()
    page_type = request.GET.get("page_type")
    if match.url_name == "wagtailadmin_choose_page" and page_type:
        # Without a parent the chooser starts at the common ancestor of the pages of the asked type(s).
        try:
            classes = page_models_from_string(page_type)
        except (ValueError, LookupError):
            return None
        if classes != (Page,):
            return Page.objects.type(*classes).first_common_ancestor()
    return None


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_visible_pages(pages, request):
    """The page chooser (browse and search) lists only pages the person may see (core.pages.selectors); browsing
    into a page they may not see answers 404, as that page's title would head the list."""
    parent = _chooser_parent(request)
    if parent is not None and not admin_page_visible(request.user, parent):
        raise Http404
    return admin_visible_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_visible_pages(parent_page, pages, request):
    """The page explorer, its search and the admin's page API list only pages the person may see."""
    return admin_visible_pages(request.user, pages)


def _only_visible_chosen_pages(get):
    """Wrap the chooser's "chosen" endpoint, which answers the title and URL of any page id it is given and runs no
    hook: ids of pages the person may not see are dropped first (SEC-21)."""

    @wraps(get)
    def chosen(self, request, *args, **kwargs):
        wanted = [value for value in request.GET.getlist("id") if value.isdigit() and len(value) < 19]
        visible = admin_visible_pages(request.user, Page.objects.filter(pk__in=wanted)).values_list("pk", flat=True)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible])
        return get(self, request, *args, **kwargs)

    return chosen


def guard_chosen_multiple_view():
    """Wagtail offers no hook for the "chosen" endpoint: its view is wrapped once, when this module is wired."""
    if not getattr(ChosenMultipleView.get, "werkgroepen_guarded", False):
        ChosenMultipleView.get = _only_visible_chosen_pages(ChosenMultipleView.get)
        ChosenMultipleView.get.werkgroepen_guarded = True


guard_chosen_multiple_view()
