from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import Afspraak, Client, Contactmoment, Overdracht
from clients.validators import is_valid_bsn
from reintegratie.accounts.models import Role, User
from reintegratie.accounts.otp import hex_key_from_base32
from reintegratie.demo.management.commands.seed_demo import DEMO_TOTP_SECRET, OLD_DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db

LOGINS = {
    "coach": Role.WERKCOACH,
    "coach2": Role.WERKCOACH,
    "teamleider": Role.TEAMLEIDER,
    "beheerder": Role.BEHEERDER,
    "fg": Role.FUNCTIONARIS_GEGEVENSBESCHERMING,
    "aanbieder": Role.AANBIEDER,
    "klant": Role.CLIENT,
}


@pytest.fixture
def seeded(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", quiet_logins=True)


def test_demo_logins_exist_with_the_documented_password(seeded):
    for username, role in LOGINS.items():
        user = authenticate(RequestFactory().post("/"), username=username, password="demo-wachtwoord")
        assert user is not None, username
        assert user.role == role


def test_demo_data_is_realistic_and_valid(seeded):
    assert Client.objects.count() >= 40
    assert all(is_valid_bsn(bsn) for bsn in Client.objects.values_list("bsn", flat=True))
    assert User.objects.filter(role=Role.WERKCOACH).count() >= 4
    assert Client.objects.filter(coach__username="coach").exists()
    assert Client.objects.filter(coach__username="coach2").exists()
    assert User.objects.get(username="coach").team != User.objects.get(username="coach2").team
    assert Client.objects.get(user__username="klant").coach.username == "coach"
    assert Afspraak.objects.filter(outcome="").exists() and Afspraak.objects.exclude(outcome="").exists()
    assert Contactmoment.objects.count() >= 40
    assert Overdracht.objects.filter(from_coach__isnull=False).exists()
    # Most clients have a completed brede intake, a few a draft.
    from intake.models import Intake, Trede

    completed = Intake.objects.filter(status="afgerond").count()
    drafts = Intake.objects.filter(status="concept").count()
    assert completed > Client.objects.count() / 2 and 0 < drafts < completed
    assert all(i.scores.count() == 13 for i in Intake.objects.prefetch_related("scores"))
    assert Trede.objects.count() >= completed
    # Every staff demo login has the documented authenticator key; the client has none.
    for username, role in LOGINS.items():
        devices = TOTPDevice.objects.filter(user__username=username, confirmed=True)
        if role == Role.CLIENT:
            assert not devices.exists()
        else:
            assert devices.get().key == hex_key_from_base32(DEMO_TOTP_SECRET)


def test_demo_totp_key_has_160_bits_and_is_the_documented_one():
    # RFC 4226 section 4: at least 128 bits, 160 recommended; some authenticator apps refuse less.
    assert len(bytes.fromhex(hex_key_from_base32(DEMO_TOTP_SECRET))) * 8 >= 160
    root = Path(__file__).resolve().parent.parent
    for name in ("README.md", "Makefile"):
        text = (root / name).read_text(encoding="utf-8")
        assert DEMO_TOTP_SECRET in text and OLD_DEMO_TOTP_SECRET not in text, name


def test_seed_demo_replaces_the_old_short_demo_key(seeded):
    old = hex_key_from_base32(OLD_DEMO_TOTP_SECRET)
    TOTPDevice.objects.filter(user__username="coach").update(key=old)
    call_command("seed_demo", quiet_logins=True)
    assert TOTPDevice.objects.get(user__username="coach").key == hex_key_from_base32(DEMO_TOTP_SECRET)


def test_seed_demo_twice_changes_nothing(seeded):
    counts = [m.objects.count() for m in (User, Client, Afspraak, Contactmoment, Overdracht)]
    call_command("seed_demo", quiet_logins=True)
    assert [m.objects.count() for m in (User, Client, Afspraak, Contactmoment, Overdracht)] == counts


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


# --- The demo data is consistent in time and with itself ---------------------------------------------------------


def test_klant_has_a_lived_in_file(seeded):
    from klachten.models import Zaak
    from reintegratie.documents.models import Brief
    from trajecten.models import Voortgangsrapportage

    klant = Client.objects.get(user__username="klant")
    assert klant.status == "actief"
    assert klant.intakes.filter(status="afgerond").exists()
    assert klant.plans.filter(status="akkoord").exists()
    running = klant.trajecten.filter(status="lopend")
    assert running.exists()
    assert Voortgangsrapportage.objects.filter(traject__in=running).count() >= 2
    from django.utils import timezone

    now = timezone.now()
    assert klant.afspraken.filter(starts_at__lt=now).exists() and klant.afspraken.filter(starts_at__gt=now).exists()
    assert Zaak.objects.filter(client=klant, soort="klacht").exists()
    kinds = set(Brief.objects.filter(client=klant).values_list("kind", flat=True))
    assert {
        "uitnodiging_brede_intake",
        "samenvatting_intake",
        "plan_van_aanpak",
        "voortgangsrapportage",
        "uitnodiging_afspraak",
        "ontvangst_klacht",
    } <= kinds


def test_no_appointment_on_a_weekend_or_holiday_or_outside_office_hours(seeded):
    from clients.afspraak_times import afspraak_warnings

    odd = [
        (a.starts_at, afspraak_warnings(a.starts_at, a.duration_minutes))
        for a in Afspraak.objects.all()
        if afspraak_warnings(a.starts_at, a.duration_minutes)
    ]
    assert odd == []


def test_contact_moments_are_written_by_the_coach_of_that_day(seeded):
    for contact in Contactmoment.objects.select_related("client"):
        handovers = Overdracht.objects.filter(client=contact.client, at__lte=contact.at).order_by("-at")
        coach_then = handovers.first().to_coach_id if handovers.exists() else contact.client.coach_id
        assert contact.author_id == coach_then, (contact.client_id, contact.at)


def test_a_contact_text_fits_its_channel(seeded):
    for contact in Contactmoment.objects.all():
        if contact.channel != "telefoon":
            assert "Telefonisch" not in contact.summary and "belde" not in contact.summary, contact.summary
        if contact.channel == "email":
            assert "mail" in contact.summary.lower()


def test_no_client_who_left_has_an_appointment_ahead(seeded):
    from django.utils import timezone

    assert not Afspraak.objects.filter(client__status="uitgestroomd", starts_at__gt=timezone.now()).exists()


def test_a_providers_signal_is_about_a_client_with_a_traject_there(seeded):
    from klachten.models import Zaak

    for zaak in Zaak.objects.filter(soort="maatregel", maatregel__signalled_by__isnull=False).select_related(
        "maatregel__signalled_by"
    ):
        provider = zaak.maatregel.signalled_by.aanbieder_id
        assert zaak.client.trajecten.filter(aanbieder_id=provider).exists(), zaak.pk


def test_zaak_timelines_start_when_the_zaak_was_received_and_lie_in_the_past(seeded):
    from django.utils import timezone

    from klachten.models import Zaak

    for zaak in Zaak.objects.prefetch_related("gebeurtenissen"):
        days = sorted(timezone.localtime(e.at).date() for e in zaak.gebeurtenissen.all())
        assert days[0] == zaak.received_on, (zaak.pk, days[0], zaak.received_on)
        assert days[-1] <= timezone.localdate()


def test_an_imposed_sanction_has_its_letters_and_a_timeline_to_the_decision(seeded):
    from klachten.models import Zaak
    from reintegratie.documents.models import Brief

    for zaak in Zaak.objects.filter(soort="maatregel", status="opgelegd"):
        kinds = set(Brief.objects.filter(client=zaak.client, source_id=str(zaak.pk)).values_list("kind", flat=True))
        assert {"voornemen_maatregel", "besluit_maatregel"} <= kinds
        steps = [e.to_status for e in zaak.gebeurtenissen.order_by("at", "pk") if e.to_status]
        assert steps[-1] == "opgelegd" and len(zaak.gebeurtenissen.all()) >= 3


def test_the_intake_lead_time_is_real(seeded):
    from intake.models import Intake

    done = Intake.objects.filter(status="afgerond")
    lead_times = [(i.completed_at - i.created_at).days for i in done]
    assert lead_times and all(d > 0 for d in lead_times)


def test_plans_were_agreed_before_their_trajecten_started(seeded):
    from trajecten.models import Traject

    for traject in Traject.objects.select_related("doel__plan"):
        agreed = traject.doel.plan.agreed_at
        assert agreed is not None and timezone_date(agreed) <= traject.started_on


def timezone_date(value):
    from django.utils import timezone

    return timezone.localtime(value).date()


def test_seeding_twice_changes_no_zaak_letter_or_report(seeded):
    from klachten.models import Zaak, ZaakGebeurtenis
    from reintegratie.documents.models import Brief
    from trajecten.models import Voortgangsrapportage

    models = (Zaak, ZaakGebeurtenis, Brief, Voortgangsrapportage)
    counts = [m.objects.count() for m in models]
    call_command("seed_demo", quiet_logins=True)
    assert [m.objects.count() for m in models] == counts


def _cause_day(brief):
    """The day of the event a letter is about (None for a periodic report)."""
    from django.utils import timezone

    from klachten.models import Zaak

    source = brief.source
    if isinstance(source, Zaak):
        if brief.kind == "voornemen_maatregel":
            return source.maatregel.intention_sent_on
        if brief.kind.startswith("ontvangst_"):
            return source.received_on
        if brief.kind == "verdaging":
            assert source.received_on <= source.extended_on
            return source.extended_on
        return source.decided_on
    for field in ("completed_at", "agreed_at"):
        if getattr(source, field, None):
            return timezone.localtime(getattr(source, field)).date()
    return getattr(source, "ended_on", None)


def test_klant_has_a_letter_of_every_kind_each_dated_after_its_cause(seeded):
    from django.utils import timezone

    from clients.models import Afspraak
    from klachten.deadlines import is_working_day
    from reintegratie.documents.letters import LETTERS
    from reintegratie.documents.models import Brief

    klant = Client.objects.get(user__username="klant")
    letters = list(Brief.objects.filter(client=klant).order_by("number"))
    assert set(LETTERS) <= {b.kind for b in letters}, set(LETTERS) - {b.kind for b in letters}
    today = timezone.localdate()
    for brief in letters:
        sent = timezone.localtime(brief.created_at).date()
        assert sent <= today, brief.kind
        if sent < today:
            assert is_working_day(sent), (brief.kind, sent)
        if isinstance(brief.source, Afspraak):  # an invitation goes out before the talk
            assert sent < timezone.localtime(brief.source.starts_at).date(), brief.kind
            continue
        cause = _cause_day(brief)
        assert brief.kind == "voortgangsrapportage" or cause is not None, brief.kind
        if cause is not None:
            assert cause <= sent, (brief.kind, cause, sent)
    # The kenmerk counts her letters in the order they were sent.
    assert [b.created_at for b in letters] == sorted(b.created_at for b in letters)
    assert [b.number for b in letters] == list(range(1, len(letters) + 1))


def test_klants_sanction_and_objection_follow_the_procedure_in_time(seeded):
    from klachten import deadlines
    from klachten.models import Zaak

    klant = Client.objects.get(user__username="klant")
    bezwaar = Zaak.objects.get(client=klant, soort="bezwaar")
    sanction = bezwaar.bezwaar.against
    maatregel = sanction.maatregel
    assert maatregel.afspraak.outcome == "niet_verschenen"
    assert timezone_date(maatregel.afspraak.starts_at) == maatregel.breach_on
    assert maatregel.breach_on < maatregel.intention_sent_on <= maatregel.zienswijze_on <= maatregel.zienswijze_deadline
    assert maatregel.zienswijze_on <= sanction.decided_on
    assert bezwaar.bezwaar.on_time and sanction.decided_on < bezwaar.received_on <= bezwaar.bezwaar.term_end
    assert bezwaar.received_on <= bezwaar.bezwaar.hearing_on <= bezwaar.decided_on
    beslis = deadlines.bezwaar_beslistermijn(termijn_end=bezwaar.bezwaar.term_end, committee=False)
    assert bezwaar.decided_on <= beslis.end
    assert bezwaar.decided_by != sanction.decided_by
    # A warning is for a first time only: hers came first, so the missed appointment got a sanction.
    warning = Zaak.objects.get(client=klant, soort="maatregel", status="waarschuwing")
    assert klant.benefit_start < warning.maatregel.breach_on < warning.decided_on < maatregel.breach_on
    assert warning.maatregel.rule.warning_first and warning.maatregel.zienswijze_on <= warning.decided_on
    # Her earlier traject ended, with an end report, before the running one started.
    ended = klant.trajecten.get(status="afgerond")
    running = klant.trajecten.get(status="lopend")
    assert ended.end_report and ended.result and ended.ended_on < running.started_on
    assert ended.doel.plan == running.doel.plan
    assert klant.benefit_start < timezone_date(klant.intakes.get().created_at)


def test_a_letter_rendered_later_carries_the_day_it_was_sent(seeded):
    """Her decision letter went out months ago; rendering it now prints that day, not today."""
    import io

    from django.utils import timezone
    from pypdf import PdfReader

    from reintegratie.dates import datum
    from reintegratie.documents.models import Brief
    from reintegratie.documents.services import brief_render

    brief = Brief.objects.get(client__user__username="klant", kind="besluit_maatregel")
    sent = timezone.localtime(brief.created_at).date()
    assert sent < timezone.localdate()
    brief_render(brief_id=brief.pk)
    brief.refresh_from_db()
    with brief.pdf.open("rb") as pdf:
        text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf.read())).pages)
    assert f"Datum: {datum(sent)}" in " ".join(text.split())
    assert brief.reference in text


@pytest.mark.django_db
def test_agreements_shared_with_the_client_speak_to_the_client(settings):
    """A progress report quotes shared agreements to the client: never "Cliënt zoekt uit …"."""
    settings.DEMO_MODE = True
    call_command("seed_demo", quiet_logins=True)

    shared = Contactmoment.objects.filter(shared_with_client=True).exclude(agreements="")
    assert shared.exists()
    for contact in shared:
        assert not contact.agreements.startswith(("Cliënt", "Werkcoach ")), contact.agreements


def test_a_completed_intake_and_the_client_file_name_the_same_route(seeded):
    """The caseload, the contact rhythm and the client file read the client's route; the intake set it."""
    from intake.models import Intake

    checked = 0
    for client in Client.objects.all():
        intake = Intake.objects.filter(client=client, status="afgerond").order_by("-completed_at").first()
        if intake is not None:
            assert client.service_route == intake.service_route, client.client_number
            checked += 1
    assert checked >= 5


def test_klant_has_a_thread_with_her_coach_and_her_cv_in_the_dossier(seeded):
    """The portal demo is lived-in: an answered message with her cv, and one open question whose
    answer is due within the promised working days, on working days only."""
    from dateutil.relativedelta import relativedelta
    from django.conf import settings
    from django.utils import timezone

    from reintegratie.berichten.models import Bericht
    from reintegratie.werkdagen import is_working_day

    klant = Client.objects.get(user__username="klant")
    thread = list(Bericht.objects.filter(client=klant).order_by("created_at"))
    assert [b.from_client for b in thread] == [True, False, True]
    cv = thread[0].attachment
    assert cv is not None and (cv.category, cv.original_name) == ("cv", "cv-anouk.pdf")
    # Kept from the day she sent it, like every document: DOSSIER_RETENTION_MONTHS["cv"] months.
    sent = timezone.localtime(thread[0].created_at).date()
    assert cv.retain_until == sent + relativedelta(months=settings.DOSSIER_RETENTION_MONTHS["cv"])
    assert thread[0].answered_at == thread[1].created_at
    assert thread[2].answered_at is None and thread[2].answer_due > thread[2].created_at.date()
    for bericht in thread:
        assert is_working_day(bericht.created_at.date())


def test_plans_and_progress_reports_carry_the_day_they_were_written(seeded):
    """The timeline reads when a plan and a report were made: never the seeding moment, never the future."""
    from django.utils import timezone

    from trajecten.models import Plan, Voortgangsrapportage

    now = timezone.now()
    for plan in Plan.objects.exclude(proposed_at=None):
        assert plan.created_at < plan.proposed_at
    for report in Voortgangsrapportage.objects.all():
        assert report.created_at <= now
        if report.period_end < timezone.localdate():
            assert timezone.localtime(report.created_at).date() > report.period_end
