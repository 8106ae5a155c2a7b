"""The allauth adapter: django-allauth does registration, e-mail verification, log-in, password reset, e-mail change
and MFA; this adapts it to a User without username whose public identity is ``display_name``, and sends its mail
through the outbox."""

import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.signup import send_unknown_account_mail
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from config.hooks import AFTER_ACCOUNT_VERIFIED, call_safely
from core.accounts.models import User
from core.accounts.selectors import login_landing
from core.outbox.services import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        # There is no username: e-mail is the login and display_name is set by the signup form.
        if not user.display_name:
            user.display_name = user.email.split("@")[0]

    def get_login_redirect_url(self, request):
        """After log-in without a ``next``: straight into the one place the person uses (issue 15 §1), else home."""
        return login_landing(request.user) or super().get_login_redirect_url(request)

    def confirm_email(self, request, email_address):
        """Mark the address confirmed; the first confirmation completes registration (AFTER_ACCOUNT_VERIFIED)."""
        first = not email_address.user.emailaddress_set.filter(verified=True).exists()
        confirmed = super().confirm_email(request, email_address)
        if confirmed and first:
            user = email_address.user
            transaction.on_commit(lambda: call_safely(AFTER_ACCOUNT_VERIFIED, user))
        return confirmed

    def send_mail(self, template_prefix, email, context):
        """allauth's mails (confirmation, password reset, security notices) go through the outbox like every mail.

        The key is the template and a digest of the rendered message: the same mail queued twice in one event is
        sent once, while a second password reset (a new token in the link) is a new mail.
        """
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        digest = hashlib.sha256(f"{email}\n{message.subject}\n{message.body}".encode()).hexdigest()[:32]
        queue_mail(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{digest}",
            email=email,
            subject=message.subject,
            body=message.body,
            recipient=User.objects.filter(email__iexact=email).first(),
            type="account",
        )

    def send_password_reset_mail(self, user, email, context):
        """A reset link only to an address the account has confirmed (issue 9, hole 1).

        allauth would also mail a link to an address still waiting for confirmation (a change the person started,
        perhaps with a typo): whoever holds that mailbox could then take the account over. Such an address gets
        what an unknown address gets, so the answer reveals nothing either. An account that never confirmed any
        address (made in the admin, or a registration not yet confirmed) keeps the reset to its log-in address:
        only the account's creator set it, and no administrator screen can change it.
        """
        confirmed = EmailAddress.objects.filter(user=user, verified=True)
        if confirmed.filter(email__iexact=email).exists() or (
            user.email.lower() == email.lower() and not confirmed.exists()
        ):
            return super().send_password_reset_mail(user, email, context)
        return send_unknown_account_mail(self.request, email)

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit=commit)
