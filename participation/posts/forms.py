"""Forms of posts and reactions. They parse and keep what was typed; the rules live in the policies and services."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.content.services import ALLOWED_EXTENSIONS, check_upload
from core.models import User
from participation.groups.models import Membership
from participation.groups.selectors import representable_organisations
from participation.posts.models import Section
from participation.posts.services import nobody_chosen_message, post_section
from themes.models import FilterOption

ATTACHMENT_SLOTS = 3
FORMATTING_HELP = _(
    "Light formatting: **bold**, *italic*, a line starting with - for a list, [text](https://…) for a link. "
    "A blank line starts a new paragraph."
)


def audience_sentence(*, group_type, section, shielded, names, author=None):
    """Who sees a post, in plain words: the post form, its preview and the post page say the same.

    `group_type` is the (sub)theme's effective type, `section` the post's, `names` the display names of the
    members a shielded post is for, and `author` the author's display name (None when the reader is the author).
    """
    if shielded:
        if not names:
            return _("You chose to shield this post but picked nobody yet: choose the members who may see it.")
        listed = ", ".join(names)
        if author is None:
            return _("Only %(names)s, you and the moderators of this theme see this post.") % {"names": listed}
        return _("Only %(names)s, %(author)s and the moderators of this theme see this post.") % {
            "names": listed,
            "author": author,
        }
    if section == Section.PUBLIC and group_type != "closed":
        return _("Everyone can read this post once a moderator has approved it.")
    return _("Only the members of this working group and its moderators see this post.")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name  # other members only ever see the display name


class AttachmentFieldsMixin:
    """Up to three attachment slots, each a file with a description for photos."""

    def add_attachment_fields(self):
        accept = ",".join(f".{extension}" for extension in ALLOWED_EXTENSIONS)
        max_mb = settings.PARTICIPATION_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        for slot in range(1, ATTACHMENT_SLOTS + 1):
            self.fields[f"file_{slot}"] = forms.FileField(
                label=_("Attachment %(number)d") % {"number": slot},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": accept}),
                help_text=_("Documents (pdf, docx, xlsx, odt, ods, txt) or photos (jpg, png, webp), at most %(mb)d MB.")
                % {"mb": max_mb}
                if slot == 1
                else "",
            )
            self.fields[f"alt_{slot}"] = forms.CharField(
                label=_("Description of photo %(number)d") % {"number": slot},
                required=False,
                max_length=250,
                help_text=_("Required for a photo: what does it show?") if slot == 1 else "",
            )

    def attachment_slots(self):
        return [(self[f"file_{slot}"], self[f"alt_{slot}"]) for slot in range(1, ATTACHMENT_SLOTS + 1)]

    def clean_attachments(self):
        checked = []
        for slot in range(1, ATTACHMENT_SLOTS + 1):
            upload = self.cleaned_data.get(f"file_{slot}")
            if not upload:
                continue
            try:
                checked.append(check_upload(upload, alt_text=self.cleaned_data.get(f"alt_{slot}", "")))
            except ValidationError as error:
                self.add_error(f"file_{slot}", error)
        return checked

    def clean(self):
        cleaned = super().clean()
        cleaned["files"] = self.clean_attachments()
        if self.files and any(self.errors):
            # A browser never sends a chosen file again: say so, so nothing is silently lost.
            self.add_error(None, _("Choose your attachments again: a browser does not keep them after an error."))
        return cleaned


class PostForm(AttachmentFieldsMixin, forms.Form):
    """A new post, or an edit of one, on a theme or subtheme page."""

    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Give your post a title.")})
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        help_text=FORMATTING_HELP,
        error_messages={"required": _("Write a message.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a category."),
            "invalid_choice": _("Choose one of the categories of this working group."),
        },
    )

    def __init__(self, *args, page, author, group_type, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page.specific
        self.post = post
        self.group_type = group_type
        self.fields["category"].queryset = self.page.available_categories()
        self.filter_groups = list(self.page.available_filter_groups())
        for group in self.filter_groups:
            self.fields[f"filter_{group.pk}"] = forms.MultipleChoiceField(
                label=group.name,
                required=False,
                choices=[(str(option.pk), option.name) for option in group.options.all()],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose filters of this working group only.")},
            )
        if group_type == "mixed":
            self.fields["section"] = forms.ChoiceField(
                label=_("Where does your post appear?"),
                choices=[
                    (Section.PUBLIC, _("Public section: everyone can read it once a moderator has approved it")),
                    (Section.MEMBERS, _("Members' section: only members of the working group read it")),
                ],
                widget=forms.RadioSelect,
                initial=Section.MEMBERS,
                error_messages={"required": _("Choose where your post appears.")},
            )
        organisations = representable_organisations(user=author, page=self.page)
        if organisations.exists():
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                label=_("Post on behalf of"),
                queryset=organisations,
                required=False,
                empty_label=_("Myself"),
            )
        self.fields["shielded"] = forms.BooleanField(
            label=_("Shield this post: only the members I choose see it"), required=False
        )
        self.fields["audience"] = MemberChoiceField(
            label=_("Who may see it?"),
            queryset=User.objects.filter(
                pk__in=Membership.objects.approved().filter(theme_id=self.page.theme.pk).values("user_id")
            )
            .exclude(pk=author.pk)
            .order_by("display_name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Choosing members shields the post: only they, you and the moderators of this theme see it. "
                "Choose nobody to show it to everyone who may read this working group."
            ),
            error_messages={"invalid_choice": _("You can only choose members of this working group.")},
        )
        self.add_attachment_fields()
        if post is not None:
            self.existing_attachments = list(post.attachments.all())
            if self.existing_attachments:
                self.fields["remove_attachments"] = forms.ModelMultipleChoiceField(
                    label=_("Remove attachments"),
                    queryset=post.attachments.all(),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
        else:
            self.existing_attachments = []

    @classmethod
    def initial_for(cls, post):
        initial = {
            "title": post.title,
            "body": post.body_source or post.body,
            "category": post.category_id,
            "section": post.section,
            "on_behalf_of": post.on_behalf_of_id,
            "shielded": post.shielded,
            "audience": list(post.audience_links.values_list("user_id", flat=True)),
        }
        for option in post.filter_options.all():
            initial.setdefault(f"filter_{option.group_id}", []).append(str(option.pk))
        return initial

    def clean(self):
        # Before the attachment check of the mixin, so that it tells the member to choose their files again.
        if (
            self.cleaned_data.get("shielded")
            and not self.cleaned_data.get("audience")
            and "audience" not in self.errors
        ):
            self.add_error("audience", nobody_chosen_message())
        return super().clean()

    def audience_statement(self):
        """Who will see the post as the form stands (typed or initial), in plain words."""
        chosen = [value for value in (self["audience"].value() or []) if str(value).isdigit()]
        members = self.fields["audience"].queryset.filter(pk__in=chosen) if chosen else []
        section = self["section"].value() if "section" in self.fields else None
        if self.group_type == "mixed" and section not in (Section.PUBLIC, Section.MEMBERS):
            section = Section.MEMBERS  # the form's default choice
        return audience_sentence(
            group_type=self.group_type,
            section=post_section(
                group_type=self.group_type,
                section=section,
                current=self.post.section if self.post is not None else None,
            ),
            shielded=bool(self["shielded"].value()) or bool(members),
            names=[member.display_name for member in members],
        )

    def filter_fields(self):
        return [self[f"filter_{group.pk}"] for group in self.filter_groups]

    def selected_options(self):
        ids = [int(pk) for group in self.filter_groups for pk in self.cleaned_data.get(f"filter_{group.pk}", [])]
        return list(FilterOption.objects.filter(pk__in=ids))

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "category": data.get("category"),
            "filter_options": self.selected_options(),
            "section": data.get("section"),
            # Both go to the service: picking members shields the post even when the box was left unticked.
            "shielded": data.get("shielded", False),
            "audience": list(data.get("audience") or []),
            "on_behalf_of": data.get("on_behalf_of"),
            "files": data.get("files", []),
        }


class ReactionForm(AttachmentFieldsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reaction"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=FORMATTING_HELP,
        error_messages={"required": _("Write a reaction.")},
    )

    def __init__(self, *args, author=None, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        if author is not None and page is not None:
            organisations = representable_organisations(user=author, page=page)
            if organisations.exists():
                self.fields["on_behalf_of"] = forms.ModelChoiceField(
                    label=_("React on behalf of"), queryset=organisations, required=False, empty_label=_("Myself")
                )
        self.add_attachment_fields()
