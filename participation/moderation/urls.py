from django.urls import path

from participation.moderation import views

APPROVE = {"decision": "goedkeuren"}
REJECT = {"decision": "afwijzen"}
POST, REACTION = {"kind": "bericht"}, {"kind": "reactie"}
HIDE, UNHIDE = {"action": "verbergen"}, {"action": "terugzetten"}
KEEP, REMOVE = {"decision": "behouden"}, {"decision": "verwijderen"}

urlpatterns = [
    # Decisions on what waits: requests to join, posts, reactions.
    path("lidmaatschap/<int:pk>/goedkeuren/", views.membership_decide, APPROVE, name="membership_approve"),
    path("lidmaatschap/<int:pk>/afwijzen/", views.membership_decide, REJECT, name="membership_reject"),
    path("berichten/<int:pk>/goedkeuren/", views.post_decide, APPROVE, name="post_approve"),
    path("berichten/<int:pk>/afwijzen/", views.post_decide, REJECT, name="post_reject"),
    path("reacties/<int:pk>/goedkeuren/", views.reaction_decide, APPROVE, name="reaction_approve"),
    path("reacties/<int:pk>/afwijzen/", views.reaction_decide, REJECT, name="reaction_reject"),
    # Reports, hiding, decisions on reports, blocks (issue 4).
    path("berichten/<int:pk>/melden/", views.report, POST, name="report_post"),
    path("reacties/<int:pk>/melden/", views.report, REACTION, name="report_reaction"),
    path("berichten/<int:pk>/verbergen/", views.hide, {**POST, **HIDE}, name="post_hide"),
    path("berichten/<int:pk>/terugzetten/", views.hide, {**POST, **UNHIDE}, name="post_unhide"),
    path("reacties/<int:pk>/verbergen/", views.hide, {**REACTION, **HIDE}, name="reaction_hide"),
    path("reacties/<int:pk>/terugzetten/", views.hide, {**REACTION, **UNHIDE}, name="reaction_unhide"),
    path("berichten/<int:pk>/meldingen/behouden/", views.decide_reports, {**POST, **KEEP}, name="post_keep"),
    path("berichten/<int:pk>/meldingen/verwijderen/", views.decide_reports, {**POST, **REMOVE}, name="post_remove"),
    path("reacties/<int:pk>/meldingen/behouden/", views.decide_reports, {**REACTION, **KEEP}, name="reaction_keep"),
    path(
        "reacties/<int:pk>/meldingen/verwijderen/",
        views.decide_reports,
        {**REACTION, **REMOVE},
        name="reaction_remove",
    ),
    path("lidmaatschap/<int:pk>/blokkeren/", views.block, {"action": "blokkeren"}, name="member_block"),
    path("lidmaatschap/<int:pk>/deblokkeren/", views.block, {"action": "deblokkeren"}, name="member_unblock"),
]
