"""Template helpers for the reader's pages: absolute links and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from chartweek.params import whole_number
from chartweek.site import absolute_url as _absolute_url

register = template.Library()

# What json_script escapes: nothing an editor types can close the <script> element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def site_name():
    """The site's name from settings: usable where there is no request context (500.html)."""
    return settings.SITE_NAME


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return _absolute_url(path, context.get("request"))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: the path, plus ?page=N past the first page; no other query."""
    request = context.get("request")
    if request is None:
        return ""
    path = request.path
    page = whole_number(request.GET.get("page"))
    if page and page > 1:
        path += f"?page={page}"
    return _absolute_url(path, request)


@register.filter
def json_ld(data):
    """A dict as <script type="application/ld+json">, escaped as json_script escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 (<, > and & escaped above, as json_script does)
    )
