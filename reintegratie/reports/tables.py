"""The dashboard's tables and the client list, as header + rows, ready for HTML, CSV, XLSX and PDF.

One definition per table, so the page, the exports and the PDF report always
show the same columns.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from klachten.workflow import BezwaarUitkomst, KlachtCategorie
from trajecten.workflow import Contract

from .client_list import CLIENT_COLUMNS, client_ids, client_rows  # noqa: F401  (the exports read them here)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)


def _pct(value):
    return None if value is None else round(100 * value, 1)


def dashboard_tables(data):
    """Return the dashboard's tables, in page order, from kpi.dashboard()."""
    tr = data["trajecten"]
    traject_columns = [_("Gestart"), _("Lopend aan het eind"), _("Afgesloten"), _("Met eindrapportage")]

    def traject_row(label, r):
        return [label or _("(geen)"), r["started"], r["running"], r["closed"], r["closed_with_report"]]

    intakes, plans, actions = data["intakes"], data["plans"], data["actions"]
    out, dur, ladder, hand = data["outflow"], data["durability"], data["ladder"], data["handovers"]
    six, twelve = dur["months_6"], dur["months_12"]
    return [
        Table(
            "caseload",
            _("Caseload per werkcoach"),
            [_("Werkcoach"), _("Cliënten"), _("Actief")],
            [[r["coach"], r["total"], r["active"]] for r in data["caseload"]],
        ),
        Table(
            "intakes",
            _("Brede intakes en plannen"),
            [_("Cijfer"), _("Waarde")],
            [
                [_("Intakes afgerond"), intakes["count"]],
                [_("Doorlooptijd intake, gemiddeld (dagen)"), intakes["avg_days"]],
                [_("Doorlooptijd intake, mediaan (dagen)"), intakes["median_days"]],
                [_("Plannen voorgelegd"), plans["proposed"]],
                [_("Plannen akkoord van de cliënt"), plans["agreed"]],
                [_("Aandeel akkoord (%)"), _pct(plans["share"])],
                [_("Dagen tot akkoord, gemiddeld"), plans["avg_days"]],
                [_("Dagen tot akkoord, mediaan"), plans["median_days"]],
                [_("Acties te laat (vandaag)"), actions["actions"]],
                [_("Cliënten met een actie te laat"), actions["clients"]],
            ],
        ),
        Table(
            "trajecten_instrument",
            _("Trajecten per instrument"),
            [_("Instrument"), *traject_columns],
            [traject_row(r["instrument__name"], r) for r in tr["by_instrument"]]
            + [traject_row(_("Totaal"), tr["total"])],
        ),
        Table(
            "trajecten_aanbieder",
            _("Trajecten per aanbieder"),
            [_("Aanbieder"), *traject_columns],
            [traject_row(r["aanbieder__name"], r) for r in tr["by_aanbieder"]]
            + [traject_row(_("Totaal"), tr["total"])],
        ),
        Table(
            "uitstroom",
            _("Uitstroom"),
            [_("Soort"), _("Aantal")],
            [
                [_("Naar werk"), out["work"]],
                [_("Werk, voltijd"), out["fulltime"]],
                [_("Werk, deeltijd"), out["parttime"]],
                # In the vocabulary's order, whatever order the dict came in (a stored snapshot is jsonb).
                *[[Contract(value).label, out["by_contract"][value]] for value in Contract.values if value != "geen"],
                [_("Opleiding"), out["education"]],
                [_("Anders"), out["other"]],
                [_("Totaal"), out["total"]],
            ],
        ),
        Table(
            "duurzaamheid",
            _("Duurzame uitstroom naar werk"),
            [
                _("Moment"),
                _("Te vragen"),
                _("Nog geen uitkering"),
                _("Weer uitkering"),
                _("Onbekend"),
                _("Duurzaam (%)"),
            ],
            [
                [_("Na 6 maanden"), six["due"], six["off"], six["back"], six["unknown"], _pct(six["share_off"])],
                [
                    _("Na 12 maanden"),
                    twelve["due"],
                    twelve["off"],
                    twelve["back"],
                    twelve["unknown"],
                    _pct(twelve["share_off"]),
                ],
            ],
        ),
        Table(
            "ladder",
            _("Participatieladder"),
            [_("Beweging"), _("Cliënten")],
            [
                [_("Omhoog (1 trede of meer)"), ladder["up"]],
                [_("Gelijk"), ladder["same"]],
                [_("Omlaag"), ladder["down"]],
                [_("Gemeten"), ladder["measured"]],
            ],
        ),
        Table(
            "overdrachten",
            _("Overdrachten"),
            [_("Cijfer"), _("Waarde")],
            [
                [_("Overdrachten in de periode"), hand["handovers"]],
                [_("Cliënten nu"), hand["clients"]],
                [_("Overdrachten per cliënt"), None if hand["per_client"] is None else round(hand["per_client"], 3)],
                [_("Meeste bij één cliënt"), hand["most_for_one_client"]],
            ],
        ),
        Table(
            "aanbieders",
            _("Prestaties per aanbieder en instrument"),
            [
                _("Aanbieder"),
                _("Instrument"),
                _("Trajecten"),
                _("Afgesloten"),
                _("Met eindrapportage (%)"),
                _("Voortijdig"),
                _("Doel bereikt"),
                _("Deels"),
                _("Niet bereikt"),
                _("Naar werk"),
                _("Naar werk (%)"),
                _("Duurzaam na 6 mnd (%)"),
            ],
            [
                [
                    r["aanbieder__name"] or _("(geen)"),
                    r["instrument__name"],
                    r["trajecten"],
                    r["ended"],
                    _pct(r["report_share"]),
                    r["early"],
                    r["goal_reached"],
                    r["partly"],
                    r["not_reached"],
                    r["to_work"],
                    _pct(r["work_share"]),
                    _pct(r["durable_share"]),
                ]
                for r in data["providers"]
            ],
        ),
        *_zaken_tables(data),
    ]


def _zaken_tables(data):
    complaints, sanctions, objections = data["complaints"], data["sanctions"], data["objections"]

    def complaint_row(label, r):
        return [label, r["received"], r["decided"], r["avg_days"]]

    def sanction_row(label, r):
        return [
            label,
            r["decided"],
            r["imposed"],
            r["warning"],
            r["none"],
            r["revoked"],
            r["heard"],
            _pct(r["heard_share"]),
        ]

    return [
        Table(
            "klachten",
            _("Klachten per onderwerp"),
            [_("Onderwerp"), _("Ontvangen"), _("Beslist"), _("Dagen tot besluit, gemiddeld")],
            [complaint_row(KlachtCategorie(r["category"]).label, r) for r in complaints["by_category"]]
            + [complaint_row(_("Totaal"), complaints["total"])],
        ),
        Table(
            "maatregelen",
            _("Maatregelen per categorie"),
            [
                _("Categorie"),
                _("Besluiten"),
                _("Opgelegd"),
                _("Waarschuwing"),
                _("Geen maatregel"),
                _("Herroepen"),
                _("Na zienswijze"),
                _("Na zienswijze (%)"),
            ],
            [sanction_row(r["category"] or _("(geen categorie)"), r) for r in sanctions["by_category"]]
            + [sanction_row(_("Totaal"), sanctions["total"])],
        ),
        Table(
            "bezwaren",
            _("Bezwaren"),
            [_("Cijfer"), _("Aantal")],
            [
                [_("Ontvangen"), objections["received"]],
                [_("Daarvan ingetrokken"), objections["withdrawn"]],
                [_("Beslist"), objections["decided"]],
                *[[BezwaarUitkomst(value).label, objections[value]] for value in BezwaarUitkomst.values],
                [_("Gegrond (%)"), _pct(objections["upheld_share"])],
                [_("Dagen tot besluit, gemiddeld"), objections["avg_days"]],
            ],
        ),
    ]
