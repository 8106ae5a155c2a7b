"""allauth's two-step forms in the site's own words: its Dutch catalogue leaves "Authenticator code" in English
(issue 15 §4). Named in ``MFA_FORMS`` (settings); a module of its own because allauth's form modules import the
account forms, which build on :mod:`core.accounts.forms`."""

from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django.utils.translation import gettext_lazy as _


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from your authenticator app")
