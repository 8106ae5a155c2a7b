"""The hooks of Netwerk: two item kinds (outside contacts use the generic item pages; social maps have pages of
their own) and the tool. Imported by :mod:`trajectories.wagtail_hooks`."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_SPACE_ITEM_KIND, REGISTER_TRAJECTORY_TOOL, SpaceItemKind, TrajectoryTool
from trajectories.items.models import ItemKind
from trajectories.network import NETWORK
from trajectories.network.forms import ContactForm
from trajectories.network.models import Contact, SocialMap


@dataclass(frozen=True)
class SocialMapKind(ItemKind):
    """A social map is read on its own page and changed only by its owner (on "my social map")."""

    def item_url(self, trajectory_id, item_id):
        return reverse("trajectories:social_map", args=[trajectory_id, item_id])

    def create_url(self, trajectory_id):
        return reverse("trajectories:my_social_map", args=[trajectory_id])


@hooks.register(REGISTER_SPACE_ITEM_KIND)
def network_kinds():
    return [
        SpaceItemKind(
            key="contact",
            model=Contact,
            tool=NETWORK,
            segment="contacten",
            label=_("contact"),
            label_plural=_("contacts"),
            add_label=_("Add a contact"),
            form_class=ContactForm,
            list_url_name="trajectories:network",
            order=80,
        ),
        SocialMapKind(
            key="social_map",
            model=SocialMap,
            tool=NETWORK,
            segment="sociale-kaart",
            label=_("social map"),
            label_plural=_("social maps"),
            add_label=_("My social map"),
            form_class=None,
            list_url_name="trajectories:network",
            order=90,
        ),
    ]


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=40)
def network_tool(trajectory, request):
    return TrajectoryTool(
        slug=NETWORK,
        label=_("Network"),
        url=reverse("trajectories:network", args=[trajectory.pk]),
    )
