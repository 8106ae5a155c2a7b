"""What the home-activity room adds through the hook catalogue (config/hooks.py): the "Recent on the platform"
panel of the home page. Imported by participation/wagtail_hooks.py."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_HOME_PANEL, HomePanel
from participation.home_activity import selectors


@hooks.register(REGISTER_HOME_PANEL)
def recent_posts_panel(home):
    """The latest public posts below `home`; no request or user: the panel is the same for every viewer."""
    return HomePanel(
        label=_("Recent on the platform"),
        order=10,
        render=lambda: render_to_string(
            "participation/home_activity/panel.html", {"posts": selectors.recent_public_posts(home)}
        ),
    )
