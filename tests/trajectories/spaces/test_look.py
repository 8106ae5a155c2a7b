"""A look of your own (issue 15 §10; seed 004 praises MijnEigenPlan and Nexus for it): a colour theme, a text size
and pictograms beside the tools, kept per person for all their spaces; every colour choice passes 4.5:1.

Requirements: WCAG 2.2 AA 1.4.3 (contrast ≥ 4.5:1 in every choice), SEC-01 (one person's look is theirs only).
"""

import pytest
from django.urls import reverse

from trajectories.models import SpaceLook
from trajectories.spaces.look import LOOKS, MINIMUM_CONTRAST, contrast, contrast_pairs, contrast_problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", sorted(LOOKS))
def test_every_colour_choice_passes_the_contrast_check(key):
    for name, foreground, background in contrast_pairs(LOOKS[key]):
        assert contrast(foreground, background) >= MINIMUM_CONTRAST, (key, name)


def test_the_check_catches_a_colour_that_fails():
    assert contrast("#767676", "#ffffff") >= 4.5 > contrast("#777777", "#ffffff")
    assert contrast_problems() == []


def test_a_person_picks_a_look_and_sees_it_in_every_space_page(world):
    client = world.client("young")
    overview = reverse("trajectories:overview", args=[world.space.pk])
    response = client.post(
        reverse("trajectories:look"), {"colour": "bes", "text_size": "groot", "pictograms": "on", "terug": overview}
    )
    assert response.status_code == 302 and response["Location"] == overview
    page = client.get(overview).content.decode()
    assert "--brand: #6a1b6e" in page and "font-size: 115%" in page
    assert '<span class="pictogram" aria-hidden="true">' in page
    other = world.client("parent").get(overview).content.decode()  # kept per person
    assert "--brand: #6a1b6e" not in other and 'class="pictogram"' not in other
    assert SpaceLook.objects.get(user=world.users["young"]).colour == "bes"


def test_only_offered_choices_are_kept_and_the_way_back_stays_on_the_site(world):
    client = world.client("young")
    refused = client.post(reverse("trajectories:look"), {"colour": "#ff0000", "text_size": "groot"})
    assert refused.status_code == 400 and not SpaceLook.objects.exists()
    away = client.post(
        reverse("trajectories:look"), {"colour": "zee", "text_size": "extra", "terug": "https://evil.example/"}
    )
    assert away["Location"] == reverse("trajectories:my_spaces")
    assert world.client("anonymous").get(reverse("trajectories:look")).status_code == 302  # log in first
