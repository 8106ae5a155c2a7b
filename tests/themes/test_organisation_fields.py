"""An organisation's brand colour stays readable (white text on it ≥ 4.5:1) and its logo stays small."""

import os
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from themes import factories
from themes.colour import contrast_with_white, relative_luminance, validate_brand_colour

pytestmark = pytest.mark.django_db

MALFORMED = "Enter a colour as # followed by six hexadecimal digits"
TOO_LIGHT = "at least 4.5:1 is needed"


# --- Contrast maths (WCAG 2.x relative luminance) ------------------------------------------------


def test_contrast_of_the_extremes_matches_wcag():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == pytest.approx(0.0)
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)


def test_contrast_of_known_colours_matches_wcag_tools():
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert contrast_with_white("#777777") == pytest.approx(4.48, abs=0.01)
    assert contrast_with_white("#ffff00") == pytest.approx(1.07, abs=0.01)
    assert contrast_with_white("#FFFF00") == contrast_with_white("#ffff00")


# --- The validator ---------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#1f4e79", "#000000", "#767676", "#6B2D5C"])
def test_a_dark_enough_colour_is_accepted(colour):
    validate_brand_colour(colour)


@pytest.mark.parametrize("colour", ["#ffff00", "#777777", "#ffffff", "#9fc5e8"])
def test_a_too_light_colour_is_rejected_with_its_contrast(colour):
    with pytest.raises(ValidationError) as excinfo:
        validate_brand_colour(colour)

    message = excinfo.value.messages[0]
    assert TOO_LIGHT in message
    assert f"{contrast_with_white(colour):.1f}:1" in message


@pytest.mark.parametrize("colour", ["1f4e79", "#1f4e7", "#1f4e799", "#gggggg", "blue", "", "#1f 4e7"])
def test_a_malformed_colour_is_rejected_with_an_example(colour):
    with pytest.raises(ValidationError) as excinfo:
        validate_brand_colour(colour)

    assert MALFORMED in excinfo.value.messages[0]


# --- On the page, as the admin form validates it ---------------------------------------------------


def test_full_clean_puts_a_too_light_colour_error_on_the_brand_colour_field(organisation):
    organisation.brand_colour = "#ffff00"

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert list(excinfo.value.message_dict) == ["brand_colour"]
    assert TOO_LIGHT in excinfo.value.message_dict["brand_colour"][0]


def test_full_clean_accepts_a_dark_colour(organisation):
    organisation.brand_colour = "#2e6930"

    organisation.full_clean()


def test_full_clean_rejects_a_malformed_colour(organisation):
    organisation.brand_colour = "#12345z"

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert MALFORMED in excinfo.value.message_dict["brand_colour"][0]


# --- Logo size -------------------------------------------------------------------------------------


def _noise_png(side):
    """A PNG of random pixels: it does not compress, so `side` controls the file size."""
    buffer = BytesIO()
    PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_oversized_logo_is_rejected_on_the_logo_field(organisation, settings):
    content = _noise_png(900)
    assert len(content) > settings.ORGANISATION_LOGO_MAX_BYTES
    organisation.logo = factories.image(title="Te groot", content=content)

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert list(excinfo.value.message_dict) == ["logo"]
    assert "too large" in excinfo.value.message_dict["logo"][0]


def test_a_logo_just_under_the_limit_is_accepted(organisation, settings):
    settings.ORGANISATION_LOGO_MAX_BYTES = 2 * 1024 * 1024
    logo = factories.image(title="Klein", colour="#1f4e79", text="GT")
    logo.file_size = settings.ORGANISATION_LOGO_MAX_BYTES  # as Wagtail records it at upload
    logo.save()
    organisation.logo = logo

    organisation.full_clean()


def test_a_logo_one_byte_over_the_limit_is_rejected(organisation, settings):
    logo = factories.image(title="Net te groot", colour="#1f4e79", text="GT")
    logo.file_size = settings.ORGANISATION_LOGO_MAX_BYTES + 1
    logo.save()
    organisation.logo = logo

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert "logo" in excinfo.value.message_dict
