"""Django's ``i18n`` template library, with ``{% translate "literal" %}`` looked up once per language.

The site's template backend (:class:`DjangoTemplates`, ``settings.TEMPLATES``) loads this library
for the name ``i18n``, so every ``{% load i18n %}`` gets
Django's own tags and filters, except that a ``{% translate %}`` of a plain literal (no filter, no
``context``, no ``noop``) keeps its last output with the language and the autoescape setting it was
made for. Django's node resolves the literal, asks gettext (through a context-local lookup) and
escapes the result on every render: about 6 µs a tag, and the client file renders some 140 of them.
Here a render with the same language and autoescaping returns the kept text (the same ``str`` or
``SafeString``); any other render does what Django's node does and keeps that instead. A reload of
the translation files (the development server's ``file_changed``) or a change of the language
settings (tests) drops what every node kept. ``tests/test_template_i18n.py`` renders the same
templates with both libraries.
"""

from django import template
from django.core.signals import setting_changed
from django.template.backends import django as backends_django
from django.template.base import render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils import autoreload, translation
from django.utils.safestring import SafeData, mark_safe

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_generation = [0]  # bumped when translations may have changed; a node's kept text is of one generation


def _forget(**_kwargs):
    _generation[0] += 1


def _on_file_changed(sender, file_path, **kwargs):
    if file_path.suffix == ".mo":
        _forget()


autoreload.file_changed.connect(_on_file_changed, dispatch_uid="reintegratie.template_i18n")
setting_changed.connect(_forget, dispatch_uid="reintegratie.template_i18n")


class KeptTranslateNode(django_i18n.TranslateNode):
    """Django's ``TranslateNode``; a plain literal's output is kept per (language, autoescape)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expression = self.filter_expression
        self.plain = (
            not self.noop
            and self.message_context is None
            and not expression.filters
            and getattr(expression.var, "literal", None) is not None
            and getattr(expression.var, "lookups", None) is None
        )
        if self.plain:
            expression.var.translate = True
        self.kept = (None, None)  # (key, text), replaced as one value: threads share the node

    def render(self, context):
        if not self.plain:
            return super().render(context)
        key = (_generation[0], translation.get_language(), context.autoescape)
        kept_key, value = self.kept
        if kept_key != key:
            # What TranslateNode.render makes of the literal (without its asvar, handled below).
            value = render_value_in_context(self.filter_expression.resolve(context), context)
            is_safe = isinstance(value, SafeData)
            value = value.replace("%%", "%")
            value = mark_safe(value) if is_safe else value  # noqa: S308  # nosec B308 B703
            self.kept = (key, value)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _kept(tag):
    def compile_tag(parser, token):
        node = tag(parser, token)
        if type(node) is django_i18n.TranslateNode:
            return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)
        return node

    compile_tag.__name__ = tag.__name__
    compile_tag.__doc__ = tag.__doc__
    return compile_tag


register.tag("translate", _kept(django_i18n.do_translate))
register.tag("trans", _kept(django_i18n.do_translate))


class DjangoTemplates(backends_django.DjangoTemplates):
    """Django's template backend, whose ``{% load i18n %}`` is this library.

    The library is swapped in the engine's loaded libraries only: its list of library modules
    (what Django's check for two modules under one name reads) still names Django's own.
    """

    def __init__(self, params):
        super().__init__(params)
        self.engine.template_libraries["i18n"] = register
