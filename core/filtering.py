"""Helpers shared by the public list filters (news, events): a year field, notices and chips.

A filter whose value is not valid is ignored and the visitor is told why; the page still
answers 200 with the rest of the filters applied.
"""

import django_filters
from django import forms
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIRST_YEAR = 1900
LAST_YEAR = 2100
NOT_A_CHOICE = {"invalid_choice": gettext_lazy("it is not one of the choices.")}


class YearFilter(django_filters.NumberFilter):
    """A four-digit year on a date-time field (`<field>__year`)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


def shown(value, length=40):
    """A visitor's input made safe to repeat in a sentence: no control characters, and short."""
    printable = "".join(char if char.isprintable() else "\N{REPLACEMENT CHARACTER}" for char in str(value))
    return Truncator(printable).chars(length)


def notices_for(filterset):
    """One sentence per filter that was ignored, naming it, the value given and why."""
    notices = []
    for name, errors in filterset.errors.items():
        notices.append(
            _("%(label)s “%(value)s” was ignored: %(reason)s")
            % {
                "label": filterset.form.fields[name].label,
                "value": shown(filterset.form.data.get(name, "")),
                "reason": " ".join(errors),
            }
        )
    return notices


def query_without(data, name):
    """The query string of `data` without the parameter `name` (and back on the first page)."""
    params = data.copy()
    for key in (name, "page"):
        params.pop(key, None)
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


def active_filters(filterset, labels=None):
    """The filters in effect, for removable chips: [{"param", "label", "shown", "remove_query"}].

    `labels` maps a parameter to {value: shown name}, e.g. a cluster slug to its short name;
    otherwise a choice's label or the value itself is shown.
    """
    labels = labels or {}
    filterset.errors  # noqa: B018 — validates the form, so cleaned_data holds the valid filters
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        label = labels.get(name, {}).get(value)
        if label is None:
            label = dict(getattr(field, "choices", ())).get(value, value)
        active.append(
            {"param": name, "label": field.label, "shown": label, "remove_query": query_without(filterset.data, name)}
        )
    return active
