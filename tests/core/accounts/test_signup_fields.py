"""``register_signup_fields`` (issue 14 §4): the apps' questions on the registration form, each saved with the new
account; the core names no app (the dummy plugin's question proves a plugin can ask one too)."""

import pytest
from django.urls import reverse

from core.models import User

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105


@pytest.fixture
def dummy_question():
    from werkgroepen_dummy import wagtail_hooks as dummy

    dummy.SIGNUP_QUESTION_ON.append(True)
    dummy.CALLS.clear()
    yield dummy
    dummy.SIGNUP_QUESTION_ON.clear()
    dummy.CALLS.clear()


def test_a_plugins_question_is_asked_and_its_answer_saved_with_the_new_account(client, home, dummy_question):
    page = client.get(reverse("account_signup"), headers={"accept-language": "en"}).content.decode()
    assert "Dummy-vraag" in page
    # The core's own fields come first, the apps' questions after them.
    assert page.index('name="display_name"') < page.index('name="represents"') < page.index('name="dummy_answer"')

    client.post(
        reverse("account_signup"),
        {
            "email": "vraag@example.org",
            "display_name": "Vrager",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "dummy_answer": "antwoord 42",
        },
    )

    assert User.objects.filter(email="vraag@example.org").exists()
    assert ("register_signup_fields", ("vraag@example.org", "antwoord 42")) in dummy_question.CALLS


def test_without_the_question_switched_on_the_form_does_not_ask_it(client, home):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Dummy-vraag" not in page
    assert 'name="represents"' in page
