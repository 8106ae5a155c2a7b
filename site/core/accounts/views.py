"""A person's own profile: display name (public), full name (private), and what the apps add below it (their
working groups: ``register_profile_section``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.hooks import REGISTER_PROFILE_SECTION, call
from core.accounts.forms import ProfileForm
from core.accounts.models import User
from core.accounts.services import profile_update


@login_required
def profile(request):
    """A person's own profile: display name (public), full name (private); below it the sections the apps add
    (participation: the working groups with each membership's state, and leaving)."""
    # A fresh copy: validating a ModelForm writes into its instance, and the header shows request.user.
    account = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(
                user=account,
                display_name=form.cleaned_data["display_name"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    sections = sorted(call(REGISTER_PROFILE_SECTION, request), key=lambda section: (section.order, section.label))
    return render(
        request,
        "core/accounts/profile.html",
        {"form": form, "sections": sections},
        status=400 if form.errors else 200,
    )
