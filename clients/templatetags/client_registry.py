"""Template tags for the pages the client registry builds (``clients/registry.py``)."""

from django import template

from .. import registry
from .client_file import file_url

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section, section_context):
    """Render one registered section like ``{% include %}``: the page's context plus the section's own."""
    tmpl = context.template.engine.get_template(section.template)
    with context.push(**section_context):
        return tmpl.render(context)


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def portal_menu(context):
    """The portal's menu: the registered portal pages, the current one marked.

    In the main menu (``components/_main_menu.html``) the page is ``match``; elsewhere the request's.
    """
    match = context.get("match") or getattr(context.get("request"), "resolver_match", None)
    current = match.view_name if match is not None else ""
    return {
        "pages": [
            {"page": page, "active": current == page.url_name or current in page.also_active, "current": current}
            for page in registry.ordered(registry.PORTAL_PAGES)
        ]
    }


@register.filter
def client_file_url(client_id):
    """``{% url 'clients:client-detail' client_id=… %}`` for a list of clients: the file's URL reversed
    once (``client_file.file_url``), then only the id filled in (the team overview lists 50)."""
    return file_url("clients:client-detail", client_id=client_id)
