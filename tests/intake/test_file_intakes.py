"""intake.selectors.file_intakes: the client file's intakes read once, with what prefetch_related would attach."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake import selectors, services
from intake.models import Beroep
from tests.intake.test_services import PERSPECTIVE, all_scores, request_as

pytestmark = pytest.mark.django_db


def _complete(coach, client_obj, occupations=()):
    intake = services.intake_start(request=request_as(coach), client=client_obj)
    services.intake_complete(
        request=request_as(coach), intake=intake, expected_version=1, fields=dict(PERSPECTIVE), scores=all_scores()
    )
    intake.target_occupations.set(occupations)
    return intake


def _details(intake):
    return (
        [(s.pk, s.leefgebied, s.score, s.intake_id) for s in intake.scores.all()],
        [b.pk for b in intake.target_occupations.all()],
    )


def test_the_latest_completed_intake_with_its_scores_and_occupations(coach, client_obj):
    cook, driver = Beroep.objects.get_or_create(name="Kok")[0], Beroep.objects.get_or_create(name="Chauffeur")[0]
    _complete(coach, client_obj, [cook])
    latest = _complete(coach, client_obj, [cook, driver])
    concept = services.intake_start(request=request_as(coach), client=client_obj)
    got_concept, got = selectors.file_intakes(client_obj)
    assert (got_concept.pk, got.pk) == (concept.pk, latest.pk)
    with CaptureQueriesContext(connection) as queries:
        details = _details(got)
        assert all(s.intake is got for s in got.scores.all())
    assert len(queries) == 0
    expected = selectors._latest_completed(client_obj)
    assert details == _details(expected) and details[1] == [driver.pk, cook.pk]  # by name, as Beroep orders


def test_details_of_an_intake_that_is_no_longer_the_latest_are_read_for_that_intake(coach, client_obj):
    older = _complete(coach, client_obj, [Beroep.objects.get_or_create(name="Kok")[0]])
    _complete(coach, client_obj)
    selectors._attach_details(older, client_obj)
    scores, occupations = _details(older)
    assert {intake_id for *_, intake_id in scores} == {older.pk} and len(occupations) == 1


def test_no_completed_intake(coach, client_obj):
    concept = services.intake_start(request=request_as(coach), client=client_obj)
    assert selectors.file_intakes(client_obj) == (concept, None)
