from django.urls import path

from participation import digest_views, moderation_views, public, views

app_name = "participation"
APPROVE = {"decision": "goedkeuren"}
REJECT = {"decision": "afwijzen"}
POST, REACTION = {"kind": "bericht"}, {"kind": "reactie"}
HIDE, UNHIDE = {"action": "verbergen"}, {"action": "terugzetten"}
KEEP, REMOVE = {"decision": "behouden"}, {"decision": "verwijderen"}

urlpatterns = [
    path("werkgroep/<int:theme_id>/lid-worden/", views.join, name="join"),
    path("werkgroep/<int:theme_id>/verlaten/", views.leave, name="leave"),
    path("werkgroep/<int:theme_id>/feed/", public.ThemeFeed(), name="feed"),
    path("werkgroep/<int:theme_id>/widget/", public.widget, name="widget"),
    path("werkgroep/<int:page_id>/nieuw-bericht/", views.post_create, name="post_create"),
    path("werkgroep/<int:page_id>/berichten/", views.posts_fragment, name="posts_fragment"),
    path("lidmaatschap/<int:pk>/goedkeuren/", views.membership_decide, APPROVE, name="membership_approve"),
    path("lidmaatschap/<int:pk>/afwijzen/", views.membership_decide, REJECT, name="membership_reject"),
    path("berichten/<int:pk>/", views.post_detail, name="post_detail"),
    path("berichten/<int:pk>/bewerken/", views.post_edit, name="post_edit"),
    path("berichten/<int:pk>/intrekken/", views.post_withdraw, name="post_withdraw"),
    path("berichten/<int:pk>/ster/", views.star, name="star"),
    path("berichten/<int:pk>/reageren/", views.reaction_create, name="reaction_create"),
    path("berichten/<int:pk>/goedkeuren/", views.post_decide, APPROVE, name="post_approve"),
    path("berichten/<int:pk>/afwijzen/", views.post_decide, REJECT, name="post_reject"),
    path("reacties/<int:pk>/intrekken/", views.reaction_withdraw, name="reaction_withdraw"),
    path("reacties/<int:pk>/goedkeuren/", views.reaction_decide, APPROVE, name="reaction_approve"),
    path("reacties/<int:pk>/afwijzen/", views.reaction_decide, REJECT, name="reaction_reject"),
    path("bijlagen/<int:pk>/<str:name>", views.attachment, name="attachment"),
    path("mijn/berichten/", views.my_posts, name="my_posts"),
    path("mijn/sterren/", views.my_stars, name="my_stars"),
    # Public moderation (issue 4): reports, hiding, decisions on reports, blocks.
    path("berichten/<int:pk>/melden/", moderation_views.report, {"kind": "bericht"}, name="report_post"),
    path("reacties/<int:pk>/melden/", moderation_views.report, {"kind": "reactie"}, name="report_reaction"),
    path("berichten/<int:pk>/verbergen/", moderation_views.hide, {**POST, **HIDE}, name="post_hide"),
    path("berichten/<int:pk>/terugzetten/", moderation_views.hide, {**POST, **UNHIDE}, name="post_unhide"),
    path("reacties/<int:pk>/verbergen/", moderation_views.hide, {**REACTION, **HIDE}, name="reaction_hide"),
    path("reacties/<int:pk>/terugzetten/", moderation_views.hide, {**REACTION, **UNHIDE}, name="reaction_unhide"),
    path("berichten/<int:pk>/meldingen/behouden/", moderation_views.decide_reports, {**POST, **KEEP}, name="post_keep"),
    path(
        "berichten/<int:pk>/meldingen/verwijderen/",
        moderation_views.decide_reports,
        {**POST, **REMOVE},
        name="post_remove",
    ),
    path(
        "reacties/<int:pk>/meldingen/behouden/",
        moderation_views.decide_reports,
        {**REACTION, **KEEP},
        name="reaction_keep",
    ),
    path(
        "reacties/<int:pk>/meldingen/verwijderen/",
        moderation_views.decide_reports,
        {**REACTION, **REMOVE},
        name="reaction_remove",
    ),
    path("lidmaatschap/<int:pk>/blokkeren/", moderation_views.block, {"action": "blokkeren"}, name="member_block"),
    path(
        "lidmaatschap/<int:pk>/deblokkeren/", moderation_views.block, {"action": "deblokkeren"}, name="member_unblock"
    ),
    path("werkgroep/<int:theme_id>/overzichten/", digest_views.digest_list, name="digest_list"),
    path("werkgroep/<int:theme_id>/overzichten/nieuw/", digest_views.digest_compose, name="digest_compose"),
    path("overzichten/<int:pk>/", digest_views.digest_detail, name="digest_detail"),
]

# Push mail (issue 4 §6).
from participation import pushmail_views  # noqa: E402

urlpatterns += [
    path("werkgroep/<int:theme_id>/pushmail/", pushmail_views.compose, name="push_mail_compose"),
    path("mijn/pushmails/", pushmail_views.sent_list, name="push_mail_list"),
    path("pushmails/<int:pk>/", pushmail_views.detail, name="push_mail_detail"),
]
