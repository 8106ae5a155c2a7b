"""Writes of a theme's contact form: the message is stored and mailed to the theme's moderators."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.outbox.services import queue_mail
from core.roles.selectors import moderators_of
from themes.contact.models import ContactMessage


@transaction.atomic
def contact_message_send(*, page, name, email, message, sender=None):
    """Store a contact message for `page` and e-mail it to the theme's moderators through the outbox (it leaves
    after commit, one message per moderator: addresses are never disclosed to each other), with the sender's
    address as Reply-To.

    With no moderators yet, the organisation's contact address receives it.
    """
    contact = ContactMessage.objects.create(
        page=page,
        name=name,
        email=email,
        message=message,
        sender=sender if sender and sender.is_authenticated else None,
    )
    recipients = sorted(set(moderators_of(page).values_list("email", flat=True)))
    organisation = page.specific.organisation
    if not recipients and organisation and organisation.contact_email:
        recipients = [organisation.contact_email]

    with translation.override("nl-be"):
        context = {"contact": contact, "page": page.specific}
        subject = render_to_string("themes/contact/email/contact_subject.txt", context).strip()
        body = render_to_string("themes/contact/email/contact_body.txt", context)
    for recipient in recipients:
        # Reply-To: answering the mail answers the person who wrote (the address was validated by the form).
        queue_mail(
            key=f"contact:{contact.pk}",
            email=recipient,
            subject=subject,
            body=body,
            type="themes.contact",
            headers={"Reply-To": contact.email},
        )
    return contact
