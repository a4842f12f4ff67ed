"""Read the forms of a rendered page the way a browser does: which fields a POST to a URL carries.

``forms_posting_to(html, page_url, target_url)`` returns, for every
``<form method="post">`` on the page whose action is target_url, its fields:
name, kind (the input type, "select", "textarea", "submit") and the values the
page offers (the value, the options of a select or a radio group, a checkbox's
value). The fuzz in test_form_fuzz_routes.py turns these into valid and hostile
values, so a new form needs no hand-written field list.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SKIPPED_NAMES = {"csrfmiddlewaretoken"}
SKIPPED_TYPES = {"file", "image", "reset", "button"}


@dataclass
class HtmlField:
    name: str
    kind: str
    values: list = field(default_factory=list)
    maxlength: int | None = None
    required: bool = False


@dataclass
class HtmlForm:
    action: str
    fields: dict = field(default_factory=dict)

    def add(self, name, kind, value, *, maxlength=None, required=False):
        if not name or name in SKIPPED_NAMES or kind in SKIPPED_TYPES:
            return
        existing = self.fields.get(name)
        if existing is None:
            existing = self.fields[name] = HtmlField(name, kind, maxlength=maxlength, required=required)
        if value is not None and value not in existing.values:
            existing.values.append(value)


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self.form = HtmlForm(urljoin(self.page_url, a.get("action") or self.page_url))
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        maxlength = int(a["maxlength"]) if (a.get("maxlength") or "").isdigit() else None
        required = "required" in a
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "checkbox":
                value = a.get("value", "on")
            elif kind in ("radio", "submit"):
                value = a.get("value", "")
            else:
                value = a.get("value", "")
            self.form.add(a.get("name"), kind, value, maxlength=maxlength, required=required)
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit" and a.get("name"):
            self.form.add(a.get("name"), "submit", a.get("value", ""))
        elif tag == "select":
            self.select = a.get("name")
            self.form.add(self.select, "select", None, required=required)
        elif tag == "option" and self.select:
            self.form.add(self.select, "select", a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.form.add(self.textarea, "textarea", None, maxlength=maxlength, required=required)

    def handle_data(self, data):
        if self.form is not None and self.textarea and data.strip():
            self.form.fields[self.textarea].values.append(data.strip())

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _path(url):
    return urlsplit(url).path


def forms_posting_to(html, page_url, target_url):
    parser = _FormParser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if _path(form.action) == _path(target_url)]
