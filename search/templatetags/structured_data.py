from django import template

from search.structured_data import json_ld_script, structured_data

register = template.Library()


@register.simple_tag
def json_ld(obj, **related):
    """`{% json_ld member %}`: schema.org JSON-LD for a member, news article or event; an event's
    page passes the hosts it has read (`{% json_ld event hosts=hosts %}`)."""
    return json_ld_script(structured_data(obj, **related))
