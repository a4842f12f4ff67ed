"""Template tags for the pages the client registry builds (``clients/registry.py``)."""

from django import template

from .. import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section, section_context):
    """Render one registered section like ``{% include %}``: the page's context plus the section's own."""
    tmpl = context.template.engine.get_template(section.template)
    with context.push(**section_context):
        return tmpl.render(context)


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def portal_menu(context):
    """The portal's menu: the registered portal pages, the current one marked."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else ""
    return {
        "pages": [
            {"page": page, "active": current == page.url_name or current in page.also_active, "current": current}
            for page in registry.ordered(registry.PORTAL_PAGES)
        ]
    }
