"""The moderators' screens in the Wagtail administration (issue 4 §1): queues, decisions, bulk decisions, history.

Wagtail's generic ModelViewSet is built around editing one model; these queues are decisions on items of three
models with a reason and bulk actions, so they are small views on Wagtail's admin templates instead, registered
with ``register_admin_urls`` (Wagtail checks admin access first). Every list starts from the queue's scoped
queryset (``visible_to`` narrowed to the pages the person moderates); every decision looks the item up in that
same queryset and goes through the rooms' services, one item at a time, each in its own transaction.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from core.ids import id_from
from participation.access import NotAllowed, access_for
from participation.groups.models import Membership
from participation.moderation.queues import QUEUES, is_moderator, moderated_theme_ids
from participation.posts.models import Post, Reaction
from themes.models import ThemePage

PER_PAGE = 25
REASON_MAX = 2000


def queue_url(slug, **params):
    url = reverse("participation_moderation:queue", args=[slug])
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def _require_moderator(user):
    if not is_moderator(user):
        raise PermissionDenied


def _queue(slug):
    try:
        return QUEUES[slug]
    except KeyError as exc:
        raise Http404 from exc


def _theme_choices(user):
    ids = moderated_theme_ids(user)
    themes = ThemePage.objects.all() if ids is None else ThemePage.objects.filter(pk__in=ids)
    return list(themes.order_by("title").values_list("pk", "title"))


def _chosen_theme(request, choices):
    chosen = id_from(request.GET.get("thema") or request.POST.get("thema"))
    return chosen if chosen in {pk for pk, _title in choices} else None


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """One queue: the waiting items of the themes the person moderates, filtered by theme, 25 a page, with
    approve and refuse (with a reason) per item or for the selected items."""

    template_name = "participation/moderation/admin/queue.html"
    header_icon = "tasks"

    def dispatch(self, request, slug):
        _require_moderator(request.user)
        self.queue = _queue(slug)
        self.themes = _theme_choices(request.user)
        self.theme_id = _chosen_theme(request, self.themes)
        self.form_errors = {}
        return super().dispatch(request, slug)

    def get_page_title(self):
        return _("To moderate")

    def get_page_subtitle(self):
        return self.queue.label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = self.queue.rows(self.queue.queryset(user, theme_id=self.theme_id))
        paginator = Paginator(rows, PER_PAGE)
        paginator.count = self.queue.count(user, theme_id=self.theme_id)  # the tab's count, read once
        page = paginator.get_page(self.request.GET.get("p"))
        items = self.queue.decorate(page.object_list)
        context.update(
            queue=self.queue,
            tabs=[
                {
                    "slug": queue.slug,
                    "label": queue.label,
                    "count": queue.count(user, theme_id=self.theme_id),
                    "url": queue_url(queue.slug, thema=self.theme_id),
                    "current": queue.slug == self.queue.slug,
                }
                for queue in QUEUES.values()
            ],
            themes=self.themes,
            theme_id=self.theme_id,
            page_obj=page,
            items=items,
            previous_url=queue_url(self.queue.slug, thema=self.theme_id, p=page.previous_page_number())
            if page.has_previous()
            else "",
            next_url=queue_url(self.queue.slug, thema=self.theme_id, p=page.next_page_number())
            if page.has_next()
            else "",
            errors=self.form_errors,
            selected=set(self.queue.parse_ids(self.request.POST.getlist("ids"))),
            reason=self.request.POST.get("reason", ""),
            back=self.request.get_full_path(),
        )
        return context

    def post(self, request, slug):
        if request.POST.get("approve"):
            ids, action = self.queue.parse_ids([request.POST["approve"]]), "approve"
        else:
            ids, action = self.queue.parse_ids(request.POST.getlist("ids")), request.POST.get("action")
        reason = (request.POST.get("reason") or "").strip()
        if action not in ("approve", "reject"):
            raise Http404
        if not ids:
            self.form_errors["ids"] = _("Select the items you want to decide on.")
            return self.render_to_response(self.get_context_data(), status=400)
        if action == "reject" and not reason:
            self.form_errors["reason"] = _("Say why you refuse: the author will read it.")
            return self.render_to_response(self.get_context_data(), status=400)
        if len(reason) > REASON_MAX:
            self.form_errors["reason"] = _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX}
            return self.render_to_response(self.get_context_data(), status=400)
        decide(request, self.queue, ids=ids, action=action, reason=reason)
        return redirect(_safe_back(request, queue_url(self.queue.slug, thema=self.theme_id)))


def _safe_back(request, default):
    back = request.POST.get("next") or ""
    prefix = reverse("participation_moderation:index")
    return back if back.startswith(prefix) and "//" not in back else default


def decide(request, queue, *, ids, action, reason):
    """Decide on `ids` of `queue` as `request.user`: each item is looked up in the person's scope and goes through
    the service on its own. Nothing in scope at all: 404 (an item of a theme they do not moderate, or a forged
    id, looks exactly like a missing one)."""
    user = request.user
    items = queue.lookup(user, ids)
    if not items:
        raise Http404
    done, failed = 0, []
    for item in items:
        try:
            if action == "approve":
                queue.approve(item, user)
            else:
                queue.reject(item, user, reason)
            done += 1
        except (ValidationError, NotAllowed) as error:
            failed.append(error)
    missing = len(ids) - len(items)
    if done:
        if action == "approve" and queue.slug == "meldingen":
            text = ngettext("%(count)s item kept online.", "%(count)s items kept online.", done)
        elif action == "approve":
            text = ngettext("%(count)s item approved.", "%(count)s items approved.", done)
        elif queue.slug == "meldingen":
            text = ngettext(
                "%(count)s item removed; the author has been told why.",
                "%(count)s items removed; the authors have been told why.",
                done,
            )
        else:
            text = ngettext(
                "%(count)s item refused; the author has been told why.",
                "%(count)s items refused; the authors have been told why.",
                done,
            )
        messages.success(request, text % {"count": done})
    refused = missing + len(failed)
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)s item could not be decided: it is no longer waiting or not yours to moderate.",
                "%(count)s items could not be decided: they are no longer waiting or not yours to moderate.",
                refused,
            )
            % {"count": refused},
        )
    return done


class RejectView(WagtailAdminTemplateMixin, TemplateView):
    """Refuse one item, with the reason its author will read."""

    template_name = "participation/moderation/admin/reject.html"
    header_icon = "tasks"

    def dispatch(self, request, slug, pk):
        _require_moderator(request.user)
        self.queue = _queue(slug)
        found = self.queue.lookup(request.user, self.queue.parse_ids([pk]))
        if not found:
            raise Http404
        self.item = found[0]
        self.error = ""
        return super().dispatch(request, slug, pk)

    def get_page_title(self):
        return str(self.queue.reject_label)

    def get_page_subtitle(self):
        return self.queue.label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            queue=self.queue,
            item=self.item,
            error=self.error,
            reason=self.request.POST.get("reason", ""),
            back=_safe_back(self.request, queue_url(self.queue.slug)),
        )
        return context

    def post(self, request, slug, pk):
        reason = (request.POST.get("reason") or "").strip()
        if not reason:
            self.error = _("Say why you refuse: the author will read it.")
        elif len(reason) > REASON_MAX:
            self.error = _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX}
        if self.error:
            return self.render_to_response(self.get_context_data(), status=400)
        decide(request, self.queue, ids=[self.item.pk], action="reject", reason=reason)
        return redirect(_safe_back(request, queue_url(self.queue.slug)))


HISTORY_MODELS = {"lidmaatschap": Membership, "bericht": Post, "reactie": Reaction}


def _page_of(model, pk):
    """The page (theme, subtheme) an item belongs to, whatever its status: the moderator's scope, not its content."""
    if model is Membership:
        return Membership.objects.filter(pk=pk).values_list("theme_id", flat=True).first()
    if model is Post:
        return Post.objects.filter(pk=pk).values_list("page_id", flat=True).first()
    return Reaction.objects.filter(pk=pk).values_list("post__page_id", flat=True).first()


class HistoryView(WagtailAdminTemplateMixin, TemplateView):
    """The audit log of one membership, post or reaction: who decided what, when, and why. Only for moderators of
    its page (and superadmins); anything else is a 404, like a missing item."""

    template_name = "participation/moderation/admin/history.html"
    header_icon = "history"
    page_title = gettext_lazy("History")

    def dispatch(self, request, kind, pk):
        _require_moderator(request.user)
        model = HISTORY_MODELS.get(kind)
        if model is None:
            raise Http404
        page_id = _page_of(model, pk)
        if page_id is None or not access_for(request.user).moderates(page_id):
            raise Http404
        self.entries = list(
            ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )
        self.model = model
        return super().dispatch(request, kind, pk)

    def get_page_subtitle(self):
        return self.entries[0].label if self.entries else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = self.entries
        context["model_label"] = self.model._meta.verbose_name
        return context


def index(request):
    """The first queue with work in it (or the first queue)."""
    _require_moderator(request.user)
    for queue in QUEUES.values():
        if queue.count(request.user):
            return redirect(queue_url(queue.slug))
    return redirect(queue_url(next(iter(QUEUES))))


# Mounted under /admin/moderatie/ by moderation/hooks.py (``register_admin_urls``).
admin_patterns = (
    [
        path("", index, name="index"),
        path("geschiedenis/<slug:kind>/<int:pk>/", HistoryView.as_view(), name="history"),
        path("<slug:slug>/", QueueView.as_view(), name="queue"),
        path("<slug:slug>/<str:pk>/weigeren/", RejectView.as_view(), name="reject"),
    ],
    "participation_moderation",
)
