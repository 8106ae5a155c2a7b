"""The POST target of a theme's contact form (seed 000), routed from the theme page (``contact/``)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.ratelimit import allow, client_ip
from themes.contact.forms import ContactForm
from themes.contact.services import contact_message_send


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
            messages.success(request, _("Thank you. Your message has been sent to the moderators of this theme."))
            return redirect(page.url + "#contact")
        form.add_error(None, _("You have sent too many messages in a short time. Wait a few minutes and try again."))
        status = 429
    else:
        status = 400
    context = page.get_context(request)
    context["contact_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)
