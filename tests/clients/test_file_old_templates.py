"""The full client file (and the documents pages) as it was with the template loops and the deadline
include that became Python tags: the same HTML, byte for byte, but for CSRF tokens and nonces."""

import pytest
from django.test import Client as TestClient
from django.urls import reverse

from clients.models import Overdracht
from reintegratie.accounts.models import Aanbieder
from reintegratie.demo.full_file import full_file_ensure
from tests.auth import login
from tests.clients.test_file_rows import HANDOVER_LOOP, PAST_LOOP, UPCOMING_LOOP
from tests.dossier.test_document_rows import LOOP as DOCUMENT_LOOP
from tests.klachten.test_deadline_tag import INCLUDE, OLD_INCLUDE
from tests.old_templates import old_templates, stable
from trajecten.models import Instrument

pytestmark = pytest.mark.django_db


def _loop(reference):
    """The loop of a reference template, without its ``{% load %}`` and the indentation before it."""
    return reference.split("%}", 1)[1].lstrip(" ")


def _use_old_templates(settings):
    deadline = ("{% zaak_deadline zaak today %}\n", '{% include "klachten/_deadline.html" %}')
    old_templates(
        settings,
        {
            "clients/_file_afspraken.html": [
                ("{% load i18n list_rows %}", "{% load i18n client_file %}"),
                ("{% file_upcoming_rows client upcoming %}", _loop(UPCOMING_LOOP)),
                ("{% file_past_rows client past %}", _loop(PAST_LOOP)),
            ],
            "clients/_file_persoon.html": [
                ("{% load i18n client_file list_rows %}", "{% load i18n client_file %}"),
                ("{% file_handover_rows overdrachten %}", _loop(HANDOVER_LOOP)),
            ],
            "dossier/_document_list.html": [
                ("{% load i18n document_rows %}", "{% load i18n file_sizes client_file %}"),
                ("{% document_rows documents for_client %}", _loop(DOCUMENT_LOOP)),
            ],
            "klachten/_client_file_section.html": [
                ("{% load i18n client_file zaak_deadline %}", "{% load i18n client_file %}"),
                deadline,
            ],
        },
        extra={INCLUDE: OLD_INCLUDE},
    )


def test_the_full_file_is_the_same_as_with_the_loops(coach, teamleider, settings, django_capture_on_commit_callbacks):
    aanbieder = Aanbieder.objects.create(name="WerkPlus", kvk_number="40123456")
    for category in ("werk_opleiding", "financien"):  # the leefgebieden the plan's goals are about
        Instrument.objects.create(name=f"Traject {category}", category=category, aanbieder=aanbieder)
    with django_capture_on_commit_callbacks(execute=True):
        full = full_file_ensure(coach, teamleider)
    Overdracht.objects.create(  # a handover with a note, from a coach (the first assignment has neither)
        client=full,
        from_coach=teamleider,
        to_coach=coach,
        reason="herverdeling",
        note='Warme <b>overdracht</b> & "meer"\n\nTweede alinea',
        created_by=teamleider,
    )
    staff = login(TestClient(), coach)
    pages = [
        (staff, reverse("clients:client-detail", kwargs={"client_id": full.pk})),
        (staff, reverse("dossier:client-documents", kwargs={"client_id": full.pk})),
    ]
    if full.user_id:
        pages.append((login(TestClient(), full.user), reverse("dossier:portal-documents")))

    def _get(browser, url):
        response = browser.get(url)
        assert response.status_code == 200, url
        return stable(response.content.decode())

    new = [_get(browser, url) for browser, url in pages]
    _use_old_templates(settings)
    old = [_get(browser, url) for browser, url in pages]
    for (_browser, url), new_page, old_page in zip(pages, new, old, strict=True):
        assert new_page == old_page, url
    file_page = new[0]
    for shown in ("Maatregel overwegen", "Uitkomst vastleggen", "In mijn agenda (.ics)", "<details><summary>"):
        assert shown in file_page
    assert 'class="badge text-bg-' in file_page.split('id="zaken"', 1)[1]
    assert len(pages) == 3 and "<td>U</td>" in new[2]
