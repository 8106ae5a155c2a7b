"""Attachments of posts: checked by content, stored outside every public URL and served only through the
download view, to whoever sees the post (SEC-06, SEC-07), with headers that keep a browser from running them."""

import importlib

import pytest
from django.conf import settings
from django.urls import clear_url_caches, resolve, reverse
from django.urls.exceptions import Resolver404

from participation import factories
from participation.models import Attachment, AttachmentKind, Post, PostStatus
from tests.participation.helpers import (
    DOCX_TYPE,
    MINIMAL_PDF,
    body_without_csrf,
    docx_bytes,
    docx_file,
    new_post_url,
    pdf_file,
    png_file,
    post_form_data,
)

pytestmark = pytest.mark.django_db


def download(client, attachment, name=None):
    response = client.get(reverse("participation:attachment", args=[attachment.pk, name or attachment.original_name]))
    content = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    return response, content


@pytest.fixture
def closed_member(closed_theme, make_member):
    return make_member(closed_theme, "jongere@example.org")


@pytest.fixture
def uploaded(client, closed_theme, closed_member):
    """A published post of a closed theme with a PDF, a Word document and a described photo, sent by the form."""
    client.force_login(closed_member)
    response = client.post(
        new_post_url(closed_theme),
        post_form_data(
            closed_theme,
            file_1=pdf_file("Verslag juni.pdf"),
            file_2=docx_file("plan.docx"),
            file_3=png_file("speelplein.png"),
            alt_3="Kinderen op het nieuwe speelplein",
        ),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    attachments = {item.original_name.rsplit(".", 1)[1]: item for item in post.attachments.all()}
    return post, attachments


def test_a_member_uploads_a_pdf_a_docx_and_a_described_photo(client, uploaded):
    post, attachments = uploaded

    assert set(attachments) == {"pdf", "docx", "png"}
    pdf, docx, png = attachments["pdf"], attachments["docx"], attachments["png"]
    assert (pdf.kind, pdf.content_type, pdf.size) == (AttachmentKind.DOCUMENT, "application/pdf", len(MINIMAL_PDF))
    assert pdf.original_name == "Verslag_juni.pdf"  # a safe file name, never a path
    assert (docx.kind, docx.content_type, docx.size) == (AttachmentKind.DOCUMENT, DOCX_TYPE, len(docx_bytes()))
    assert (png.kind, png.content_type, png.alt_text) == (
        AttachmentKind.PHOTO,
        "image/png",
        "Kinderen op het nieuwe speelplein",
    )
    page = client.get(reverse("participation:post_detail", args=[post.pk])).content.decode()
    assert 'alt="Kinderen op het nieuwe speelplein"' in page
    assert pdf.get_absolute_url() in page
    assert docx.get_absolute_url() in page
    assert settings.MEDIA_URL not in page  # never the storage address


def test_the_downloaded_files_are_the_uploaded_bytes(client, uploaded):
    _post, attachments = uploaded

    assert download(client, attachments["pdf"])[1] == MINIMAL_PDF
    assert download(client, attachments["docx"])[1] == docx_bytes()


@pytest.mark.parametrize(
    ("extension", "content_type", "disposition"),
    [
        ("pdf", "application/pdf", 'inline; filename="Verslag_juni.pdf"'),
        ("png", "image/png", 'inline; filename="speelplein.png"'),
        ("docx", DOCX_TYPE, 'attachment; filename="plan.docx"'),
    ],
)
def test_downloads_carry_headers_that_keep_the_browser_from_running_them(
    client, uploaded, extension, content_type, disposition
):
    _post, attachments = uploaded

    response, _content = download(client, attachments[extension])

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_the_file_name_in_the_address_must_match(client, uploaded):
    _post, attachments = uploaded
    pdf = attachments["pdf"]

    for wrong in ("verslag_juni.pdf", "Verslag_juni.exe", "plan.docx"):
        assert download(client, pdf, wrong)[0].status_code == 404


def test_the_stored_file_lives_under_private_without_the_uploaded_name(uploaded):
    _post, attachments = uploaded

    for item in attachments.values():
        assert item.file.name.startswith("private/participation/")
        assert item.original_name.rsplit(".", 1)[0] not in item.file.name


def test_media_urls_do_not_serve_attachments(client, uploaded):
    _post, attachments = uploaded

    for item in attachments.values():
        response = client.get(f"{settings.MEDIA_URL}{item.file.name}", follow=True)
        assert response.status_code == 404
        assert "Content-Disposition" not in response


def test_even_in_debug_mode_media_serving_leaves_private_files_out(uploaded, settings):
    """The development server serves MEDIA_URL + "images/" only; nothing routes to private/ (SEC-06)."""
    from django.views.static import serve

    _post, attachments = uploaded
    import config.urls

    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        for item in attachments.values():
            try:
                match = resolve(f"{settings.MEDIA_URL}{item.file.name}", urlconf=config.urls)
            except Resolver404:
                continue
            assert match.func is not serve
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()


# --- Who may download -----------------------------------------------------------------------------------------


def assert_same_as_missing(client, attachment):
    """The answer for `attachment` is the answer for an id that does not exist (SEC-01: no existence oracle)."""
    url = reverse("participation:attachment", args=[attachment.pk, attachment.original_name])
    missing_url = reverse("participation:attachment", args=[attachment.pk + 1000, attachment.original_name])
    client.get(missing_url)  # shows (and so clears) the messages left by the steps before
    response, _content = download(client, attachment)
    missing = client.get(missing_url)
    assert response.status_code == 404
    assert missing.status_code == 404
    assert body_without_csrf(response).replace(url, "<url>") == body_without_csrf(missing).replace(missing_url, "<url>")
    assert response.get("Content-Disposition") is None


@pytest.mark.parametrize("who", ["anonymous", "registered", "pending", "left", "member_elsewhere"])
def test_an_attachment_of_a_closed_theme_looks_missing_to_outsiders(
    client, uploaded, closed_theme, mixed_theme, make_member, user_factory, who
):
    _post, attachments = uploaded
    client.logout()
    if who == "registered":
        client.force_login(user_factory("buiten@example.org"))
    elif who == "pending":
        client.force_login(make_member(closed_theme, "wacht@example.org", status="pending"))
    elif who == "left":
        client.force_login(make_member(closed_theme, "weg@example.org", status="left"))
    elif who == "member_elsewhere":
        client.force_login(make_member(mixed_theme, "elders@example.org"))

    for item in attachments.values():
        assert_same_as_missing(client, item)


def test_another_member_of_the_closed_theme_downloads_it(client, uploaded, closed_theme, make_member):
    _post, attachments = uploaded
    client.force_login(make_member(closed_theme, "medelid@example.org"))

    response, content = download(client, attachments["pdf"])

    assert response.status_code == 200
    assert content == MINIMAL_PDF


def test_leaving_the_theme_closes_the_download_at_once(client, uploaded, closed_theme, make_member):
    """SEC-05: the link a former member still has stops working with their next request."""
    _post, attachments = uploaded
    colleague = make_member(closed_theme, "medelid@example.org")
    client.force_login(colleague)
    assert download(client, attachments["pdf"])[0].status_code == 200

    client.post(reverse("participation:leave", args=[closed_theme.pk]))

    assert_same_as_missing(client, attachments["pdf"])


def test_attachments_of_a_withdrawn_post_stay_with_the_author_only(client, uploaded, closed_theme, make_member):
    post, attachments = uploaded
    client.post(reverse("participation:post_withdraw", args=[post.pk]))
    assert download(client, attachments["pdf"])[0].status_code == 200

    client.force_login(make_member(closed_theme, "medelid@example.org"))
    assert_same_as_missing(client, attachments["pdf"])


def test_an_attachment_of_a_waiting_public_post_is_not_public(client, open_theme, make_member):
    author = make_member(open_theme, "fietser@example.org")
    client.force_login(author)
    client.post(new_post_url(open_theme), post_form_data(open_theme, file_1=pdf_file()))
    post = Post.objects.get()
    assert post.status == PostStatus.PENDING
    item = Attachment.objects.get()
    assert download(client, item)[0].status_code == 200

    client.logout()
    assert_same_as_missing(client, item)


def test_an_attachment_of_a_published_public_post_is_downloadable_by_anyone(client, open_theme, make_member):
    author = make_member(open_theme, "fietser@example.org")
    client.force_login(author)
    client.post(new_post_url(open_theme), post_form_data(open_theme, file_1=pdf_file()))
    Post.objects.update(status=PostStatus.PUBLISHED)
    client.logout()

    response, content = download(client, Attachment.objects.get())

    assert response.status_code == 200
    assert content == MINIMAL_PDF


def test_a_removed_file_answers_not_found(client, uploaded):
    _post, attachments = uploaded
    attachments["pdf"].file.delete(save=False)

    assert download(client, attachments["pdf"])[0].status_code == 404


def test_a_post_holds_at_most_the_allowed_number_of_attachments(client, settings, closed_theme, closed_member):
    settings.PARTICIPATION_MAX_ATTACHMENTS = 2
    client.force_login(closed_member)

    response = client.post(
        new_post_url(closed_theme),
        post_form_data(closed_theme, file_1=pdf_file("a.pdf"), file_2=pdf_file("b.pdf"), file_3=pdf_file("c.pdf")),
    )

    assert response.status_code == 400
    assert "At most 2 attachments." in response.content.decode()
    assert not Post.objects.exists()
    assert not Attachment.objects.exists()


def test_a_fake_docx_is_refused(client, closed_theme, closed_member):
    """A zip that holds no Word document is no .docx, whatever its name."""
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    client.force_login(closed_member)

    response = client.post(
        new_post_url(closed_theme),
        post_form_data(closed_theme, file_1=SimpleUploadedFile("plan.docx", buffer.getvalue())),
    )

    assert response.status_code == 400
    assert "plan.docx is not a real .docx file." in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachments_of_reactions_follow_their_reaction(client, closed_theme, closed_member, make_member):
    post = factories.post(author=closed_member, page=closed_theme)
    colleague = make_member(closed_theme, "medelid@example.org")
    client.force_login(colleague)
    client.post(
        reverse("participation:reaction_create", args=[post.pk]),
        {"body": "Zie bijlage.", "file_1": pdf_file("bijlage.pdf")},
    )
    item = Attachment.objects.get()
    assert item.reaction is not None
    client.force_login(closed_member)
    assert download(client, item)[0].status_code == 200

    client.force_login(colleague)
    client.post(reverse("participation:reaction_withdraw", args=[item.reaction_id]))
    client.force_login(closed_member)
    assert_same_as_missing(client, item)
