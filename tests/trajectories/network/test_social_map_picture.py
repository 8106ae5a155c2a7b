"""The social map's picture under Dutch (issue 15 §5): Dutch writes decimal commas, SVG needs points, and a name
that does not fit in the picture is shortened with the full name in the dot's ``<title>``.

Requirements: WCAG 2.2 AA (the list beside it stays the accessible version; the picture must not be broken).
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from trajectories.network import services

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
LONG_NAME = "Juffrouw Annemarie Vandenbroucke"


def picture(world, language):
    client = Client(headers={"accept-language": language})
    client.force_login(world.users["young"])
    html = client.get(reverse("trajectories:my_social_map", args=[world.space.pk])).content.decode()
    match = re.search(r"<svg class=\"social-map__diagram\".*?</svg>", html, re.S)
    assert match, "the picture is shown once the map has people"
    root = ET.fromstring(match.group(0).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))  # noqa: S314 - our own page
    return root


def add_people(world):
    for name, circle, closeness in (
        ("Papa", "gezin", 1),
        (LONG_NAME, "school", 3),
        ("Bram", "vrienden", 2),
        ("Tante Mia", "familie", 3),
        ("Coach Tom", "vrije_tijd", 3),
    ):
        services.social_map_add_person(
            trajectory=world.space, by=world.users["young"], name=name, circle=circle, closeness=closeness
        )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_number_in_the_picture_is_a_plain_svg_number(world, language):
    add_people(world)
    root = picture(world, language)
    numeric = ("cx", "cy", "r", "x", "y", "x1", "y1", "x2", "y2")
    seen = 0
    for element in root.iter():
        for attribute in numeric:
            if attribute in element.attrib:
                assert NUMBER.match(element.attrib[attribute]), (element.tag, attribute, element.attrib[attribute])
                seen += 1
    assert seen > 20
    assert all(NUMBER.match(part) for part in root.attrib["viewBox"].split())
    assert "," not in root.attrib["viewBox"]


def test_every_name_is_whole_in_the_picture_or_in_its_title_and_no_text_leaves_the_picture(world):
    add_people(world)
    root = picture(world, "nl")
    left, top, width, _height = (float(v) for v in root.attrib["viewBox"].split())
    groups = root.findall(f"{SVG}g")
    assert len(groups) == 5
    titles = {group.find(f"{SVG}title").text for group in groups}
    assert titles == {"Papa", LONG_NAME, "Bram", "Tante Mia", "Coach Tom"}
    for group in groups:
        text = group.find(f"{SVG}text")
        title = group.find(f"{SVG}title").text
        assert text.text == title or (text.text.endswith("\u2026") and title.startswith(text.text[:-1]))
    for text in root.iter(f"{SVG}text"):
        half = len(text.text) * 6.5 / 2  # the selector's generous character width at font-size 11
        x = float(text.attrib["x"])
        assert left <= x - half and x + half <= left + width, text.text
    shortened = [g.find(f"{SVG}text").text for g in groups if g.find(f"{SVG}title").text == LONG_NAME]
    assert shortened[0] != LONG_NAME  # too long for the picture: shortened, whole in the title
