from django import template

from search.structured_data import json_ld_script, structured_data

register = template.Library()


@register.simple_tag
def json_ld(obj):
    """`{% json_ld member %}`: schema.org JSON-LD for a member, news article or event."""
    return json_ld_script(structured_data(obj))
