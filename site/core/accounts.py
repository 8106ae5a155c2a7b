"""allauth glue."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        # There is no username: e-mail is the login and display_name is set by the signup form.
        if not user.display_name:
            user.display_name = user.email.split("@")[0]

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit=commit)
