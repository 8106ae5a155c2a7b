"""Registration of Netwerk: two item kinds (outside contacts use the generic item pages; social maps have their
own) and the tool. Called from ``TrajectoriesConfig.ready()``."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_TRAJECTORY_TOOL, TrajectoryTool
from trajectories.registry import ItemKind, register_item_kind


@dataclass(frozen=True)
class SocialMapKind(ItemKind):
    """A social map is read on its own page and changed only by its owner (on "my social map")."""

    def item_url(self, trajectory_id, item_id):
        return reverse("trajectories:social_map", args=[trajectory_id, item_id])

    def create_url(self, trajectory_id):
        return reverse("trajectories:my_social_map", args=[trajectory_id])


def network_tool(trajectory, request):
    return TrajectoryTool(
        slug="netwerk",
        label=_("Network"),
        url=reverse("trajectories:network", args=[trajectory.pk]),
    )


_registered = False


def register():
    global _registered
    from trajectories.network.forms import ContactForm
    from trajectories.network.models import Contact, SocialMap

    register_item_kind(
        ItemKind(
            key="contact",
            model=Contact,
            tool="netwerk",
            segment="contacten",
            label=_("contact"),
            label_plural=_("contacts"),
            add_label=_("Add a contact"),
            form_class=ContactForm,
            list_url_name="trajectories:network",
            order=80,
        )
    )
    register_item_kind(
        SocialMapKind(
            key="social_map",
            model=SocialMap,
            tool="netwerk",
            segment="sociale-kaart",
            label=_("social map"),
            label_plural=_("social maps"),
            add_label=_("My social map"),
            form_class=None,
            list_url_name="trajectories:network",
            order=90,
        )
    )
    if not _registered:
        _registered = True
        hooks.register(REGISTER_TRAJECTORY_TOOL, network_tool, order=40)
