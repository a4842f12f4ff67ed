"""The readability score is shown with its scale in words, never as a bare "87,8" (issue 15.8)."""

import pytest
from django.urls import reverse

from reintegratie.documents.models import Brief
from reintegratie.documents.wording import describe_readability
from tests.auth import login
from tests.documents.helpers import pdf_text
from tests.documents.test_letter_facts import _progress_report

pytestmark = pytest.mark.django_db


def test_the_scale_in_words():
    assert describe_readability(87.8) == "87,8 van 100: heel makkelijk te lezen (doel: 65 of meer)"
    assert describe_readability(70) == "70,0 van 100: makkelijk te lezen (doel: 65 of meer)"
    assert describe_readability(40.4).startswith("40,4 van 100: moeilijk")
    assert describe_readability(-12).startswith("-12,0 van 100: moeilijk")


def test_the_client_file_explains_each_letters_readability(client, coach, client_obj):
    brief = _progress_report(coach, client_obj)
    pdf_text(brief)  # renders it, with its readability
    score = Brief.objects.get(pk=brief.pk).readability["flesch_douma"]
    login(client, coach)
    page = client.get(reverse("clients:client-detail", kwargs={"client_id": client_obj.pk})).content.decode()
    assert describe_readability(score) in page
    assert "van 100" in page
