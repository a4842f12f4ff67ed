"""Remove a client's personal data from every table that reaches the client, generically.

Rows are kept and emptied, not deleted: the KPIs count intakes, plans,
trajecten, uitstroom, zaken and handovers, and ``PROTECT`` foreign keys (and
the append-only access log) keep the client row itself. So:

- the client row keeps its id, number, status, dates of the process and
  coach; names, BSN, contact details and address go (``client_anonymise``);
- every model that reaches the client through foreign keys (found by walking
  ``_meta``, so a model added later is covered without a change here) has each
  free-text field emptied: ``""`` stays ``""``, anything else becomes
  ``PLACEHOLDER`` (so a database check that a text is present still holds);
  fields with choices (status, kind) stay, they are figures, not content;
  JSON fields get their default; file fields point at the one "destroyed"
  placeholder and the old files are returned to be deleted after the commit;
- history tables (django-pghistory events: app label ``pghistory`` or a subclass
  of ``pghistory.models.Event``) hold old copies of personal data: their rows
  about the client are deleted;
- the access log keeps its rows (client id, user, action, path with opaque
  ids): it is dropped by its own term, a month partition at a time.
"""

import functools
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.sql import UpdateQuery

PLACEHOLDER = "vernietigd"
# The one file every destroyed letter points at (a letter "ready" must have a file).
DESTROYED_FILE = "vernietigd/vernietigd.pdf"

# Kept although they are text: not about the person (identifiers, references, the destruction's own state).
KEEP_FIELDS = {
    ("documents", "Brief", "source_id"),  # a database id
    ("documents", "Brief", "reference"),  # the letter's kenmerk: year, number, kind code
}
# Not walked: the access log (append-only, dropped by its own term) and this app's own state.
SKIP_MODELS = {("audit", "AccessLog")}
SKIP_APPS = {"bewaren"}
TEXT_FIELDS = (models.CharField, models.TextField)
MAX_DEPTH = 5


def is_history_model(model):
    """True for a history/event table (django-pghistory), whose rows are copies of other rows."""
    if model._meta.app_label == "pghistory":
        return True
    if not apps.is_installed("pghistory"):
        return False
    from pghistory.models import Event

    return issubclass(model, Event)


def _foreign_keys(model):
    for field in model._meta.concrete_fields:
        if field.is_relation and (field.many_to_one or field.one_to_one) and field.related_model is not None:
            yield field


@functools.cache
def client_paths():
    """Return {model: [lookup path to the client id, ...]} for every model that reaches a client."""
    client_model = apps.get_model("clients", "Client")
    paths = {}
    frontier = {client_model: [""]}
    for _depth in range(MAX_DEPTH):
        found = {}
        for model in apps.get_models():
            meta = model._meta
            if not meta.managed or meta.proxy or model is client_model:
                continue
            for field in _foreign_keys(model):
                for target_path in frontier.get(field.related_model, []):
                    path = f"{field.name}__{target_path}" if target_path else field.name
                    known = paths.get(model, []) + found.get(model, [])
                    if path not in known and path.count("__") < MAX_DEPTH:
                        found.setdefault(model, []).append(path)
        if not found:
            break
        for model, new in found.items():
            paths.setdefault(model, []).extend(new)
        frontier = found
    return {model: _needed(model, found) for model, found in paths.items()}


def _needed(model, paths):
    """The shortest path when every step of it is required (each row then has it), else all paths."""
    shortest = min(paths, key=lambda path: path.count("__"))
    current = model
    for name in shortest.split("__"):
        field = current._meta.get_field(name)
        if field.null:
            return paths
        current = field.related_model
    return [shortest]


def _client_filter(paths, client_id):
    condition = models.Q()
    for path in paths:
        condition |= models.Q(**{path: client_id})
    return condition


def text_fields(model):
    """The fields of ``model`` whose content is emptied: free text, JSON and files."""
    meta = model._meta
    for field in meta.concrete_fields:
        if field.primary_key or field.is_relation or field.choices:
            continue
        if (meta.app_label, meta.object_name, field.name) in KEEP_FIELDS:
            continue
        if isinstance(field, (models.FileField, models.JSONField, *TEXT_FIELDS)):
            yield field


def _emptied(field):
    if isinstance(field, models.JSONField):
        return models.Value(field.get_default(), output_field=field)
    placeholder = DESTROYED_FILE if isinstance(field, models.FileField) else PLACEHOLDER
    placeholder = placeholder[: field.max_length] if field.max_length else placeholder
    return models.Case(
        models.When(**{field.name: ""}, then=models.Value("")),
        default=models.Value(placeholder),
        output_field=field,
    )


def walked_models():
    """The (model, paths) this module empties or deletes, in a stable order."""
    for model, paths in sorted(client_paths().items(), key=lambda item: item[0]._meta.label):
        meta = model._meta
        if (meta.app_label, meta.object_name) in SKIP_MODELS or meta.app_label in SKIP_APPS:
            continue
        yield model, paths


@contextmanager
def history_delete_allowed():
    """A transaction in which the history tables accept DELETE.

    The history tables refuse every DELETE unless the transaction says it is destruction or a term
    (``bewaren.vernietiging``, checked by the tables' own trigger, see reintegratie/privacy/models.py).
    ``SET LOCAL`` lasts until this transaction ends, so nothing else is let through.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL bewaren.vernietiging = 'aan'")
        yield


def history_rows_delete(client_id):
    """Delete every history row about this client. Run it last: emptying rows may itself write history."""
    deleted = 0
    with history_delete_allowed():
        for model, paths in walked_models():
            if is_history_model(model):
                deleted += models.QuerySet(model).filter(_client_filter(paths, client_id)).delete()[0]
    return deleted


def _updates(client_id):
    """Yield (queryset, values): one UPDATE per model that empties its texts for this client's rows."""
    for model, paths in walked_models():
        if is_history_model(model):
            continue
        fields = list(text_fields(model))
        if fields:
            rows = model._base_manager.filter(_client_filter(paths, client_id))
            # Through the query, not save(): append-only models refuse save() of an existing row by design,
            # and this is the one sanctioned rewrite (their database triggers guard only the access log).
            queryset = models.QuerySet(model).filter(pk__in=rows.values("pk"))
            yield queryset, {field.name: _emptied(field) for field in fields}


def _file_names(client_id):
    names = []
    for model, paths in walked_models():
        for field in text_fields(model):
            if isinstance(field, models.FileField) and not is_history_model(model):
                rows = model._base_manager.filter(_client_filter(paths, client_id))
                rows = rows.exclude(**{field.name: ""}).exclude(**{field.name: DESTROYED_FILE})
                names.extend(rows.values_list(field.name, flat=True))
    return names


# Stands for the client id while the statements are compiled once per process.
SENTINEL = uuid.UUID("00000000-0000-4000-8000-00000000dead")


@functools.cache
def _compiled_updates():
    """Every UPDATE as one SQL text with its parameters, compiled once (building them is most of the cost)."""
    statements, params = [], []
    for queryset, values in _updates(SENTINEL):
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(values)
        compiler = query.get_compiler(queryset.db)
        compiler.pre_sql_setup()
        sql, sql_params = compiler.as_sql()
        statements.append(sql)
        params.extend(sql_params)
    return ";\n".join(statements), tuple(params)


def related_rows_anonymise(client_id):
    """Empty every text of every row that reaches this client (history tables: see history_rows_delete).

    Returns the storage names of the files that belonged to those rows (to delete after commit).
    On PostgreSQL the UPDATEs go in one round trip, compiled once per process.
    """
    files = _file_names(client_id)
    if connection.vendor == "postgresql":
        sql, params = _compiled_updates()
        with connection.cursor() as cursor:
            cursor.execute(sql, [client_id if param == SENTINEL else param for param in params])
    else:
        for queryset, values in _updates(client_id):
            queryset.update(**values)
    return files
