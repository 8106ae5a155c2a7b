"""The POST target of a theme's contact form (seed 000), routed from the theme page (``contact/``)."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.ratelimit import allow, client_ip
from themes.contact.forms import ContactForm
from themes.contact.services import contact_message_send

SENT_PARAMETER = "contact=verstuurd"


def theme_contact(request, page):
    """POST target of a theme's contact form; GET goes back to the form on the theme page."""
    if request.method != "POST":
        return redirect(page.url + "#contact")
    form = ContactForm(request.POST)
    status = 200
    if form.is_valid():
        limit, period = settings.CONTACT_RATE_LIMIT
        if allow(scope="contact", key=client_ip(request), limit=limit, period=period):
            contact_message_send(page=page, sender=request.user, **form.cleaned_data)
            # The confirmation takes the form's place, where the person is looking (and takes the focus): an empty
            # form at the top of the page would look as if nothing happened (issue 14 §3).
            return redirect(page.url + f"?{SENT_PARAMETER}#contact-sent")
        form.add_error(None, _("You have sent too many messages in a short time. Wait a few minutes and try again."))
        status = 429
    else:
        status = 400
    context = page.get_context(request)
    context["contact_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)
