"""The main menu in the header: the same HTML as the inline template gave, kept once per role and page."""

import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve

from reintegratie.accounts.templatetags import main_menu
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = '{% extends "base.html" %}{% block content %}inhoud{% endblock content %}'


def _page(user, path):
    request = RequestFactory().get(path)
    request.user, request.resolver_match, request.session = user, resolve(path), {}
    request._messages = FallbackStorage(request)
    return engines["django"].from_string(PAGE).render({}, request)


def _menu(html):
    return re.search(r'<ul class="navbar-nav me-auto">.*?</ul>', html, re.S).group(0)


def _links(html):
    """(label, href, marked active, aria-current) per menu link."""
    link = r'<a class="nav-link( active)?"\s+(aria-current="page"\s+)?href="([^"]+)">([^<]+)</a>'
    found = re.findall(link, _menu(html))
    return [(label, href, bool(active), bool(current)) for active, current, href, label in found]


@pytest.fixture(autouse=True)
def _empty():
    main_menu._KEPT.clear()


def test_a_coach_sees_the_casework_menu_with_the_current_page_marked(coach):
    assert _links(_page(coach, "/clienten/")) == [
        ("Mijn caseload", "/clienten/", True, True),
        ("Cliënt aanmelden", "/clienten/nieuw/", False, False),
        ("Zaken", "/zaken/", False, False),
        ("Groepsbericht", "/berichten/groep/", False, False),
        ("Vacatures", "/vacatures/", False, False),
    ]
    assert [link[0] for link in _links(_page(coach, "/zaken/")) if link[3]] == ["Zaken"]


def test_a_teamleider_gets_their_own_menu_on_the_same_page(coach, teamleider):
    _page(coach, "/clienten/")  # kept for the coach first
    links = _links(_page(teamleider, "/clienten/"))
    assert [label for label, *_rest in links] == [
        "Mijn team",
        "Berichten team",
        "Cliënten van het team",
        "Rapportage",
        "Cliënt aanmelden",
        "Zaken",
        "Vacatures",
    ]
    assert [label for label, _href, active, current in links if active and current] == ["Cliënten van het team"]
    on_reports = _links(_page(teamleider, "/rapportage/"))
    assert [label for label, _href, active, current in on_reports if active and current] == ["Rapportage"]


def test_the_privacy_officer_menu_marks_the_search_page_as_current(fg_user):
    assert _links(_page(fg_user, "/fg/")) == [("Dossier onderzoeken", "/fg/", True, True)]


def test_a_client_sees_the_portal_menu_with_the_current_page(client_user):
    links = _links(_page(client_user, "/mijn/afspraken/"))
    assert ("Mijn afspraken", "/mijn/afspraken/", True, True) in links
    assert ("Mijn re-integratie", "/mijn/", False, False) in links
    assert all(label != "Vacatures" for label, *_rest in links)


def test_the_kept_menu_holds_nothing_of_the_user(team_noord):
    first = UserFactory(team=team_noord, first_name="Anouk", last_name="Bos")
    second = UserFactory(team=team_noord, first_name="Jeroen", last_name="Dijk")
    html_first, html_second = _page(first, "/clienten/"), _page(second, "/clienten/")
    assert len(main_menu._KEPT) == 1  # one role, one page: rendered once
    assert _menu(html_first) == _menu(html_second)
    assert "Anouk" not in _menu(html_first) and "Anouk" in html_first and "Anouk" not in html_second
    assert "Jeroen Dijk" in html_second


def test_the_header_is_the_same_as_the_inline_template_gave(coach, teamleider, beheerder, fg_user, aanbieder_user):
    """The component is base.html's old <ul>; rendered with the request's own values it gives the same HTML."""
    for user, path in [
        (coach, "/clienten/"),
        (coach, "/berichten/groep/"),
        (teamleider, "/team/"),
        (teamleider, "/berichten/team/"),
        (beheerder, "/bewaren/"),
        (fg_user, "/fg/"),
        (aanbieder_user, "/aanbieder/"),
    ]:
        html = _page(user, path)
        request = RequestFactory().get(path)
        request.user, request.resolver_match = user, resolve(path)
        fresh = (
            engines["django"]
            .from_string("{% include 'components/_main_menu.html' %}")
            .render({"role": user.role, "does_casework": user.does_casework, "match": request.resolver_match})
        )
        assert _menu(html) == fresh.rstrip("\n")
