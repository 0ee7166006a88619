"""The one filtering mechanism of the public lists (directory, news, events) and of the API.

`ListFilter` is a django-filter FilterSet that never refuses a request: before the form sees the
query string, each value is checked on its own by the filter's form field; what is not valid is
dropped and the visitor is told why in a notice; repeats count once. The remaining values, the
"state", are the whole of what the list shows, so the same state gives the same query string
(`query_string`), chips that each remove one value (`chips`), a scope for the remembered counts
(`scope`, `count`) and the canonical address. The API filters with the same classes; there a
value that is not valid matches nothing instead (api/endpoints.py).
"""

import unicodedata
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .aggregates import remember

FIRST_YEAR = 1900
LAST_YEAR = 2100
NOT_A_CHOICE = {"invalid_choice": _("it is not one of the choices.")}
# More distinct values than this in one parameter are not a real query; the rest are ignored.
MAX_VALUES = 50
MAX_QUERY_LENGTH = 200
NOTICE_VALUES = 5  # unknown values named in a notice; the rest are counted


class YearFilter(django_filters.NumberFilter):
    """A four-digit year on a date-time field (`<field>__year`)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


def clean_text(value):
    """Without NUL and other control characters (which no one types and PostgreSQL refuses), or
    lone surrogates; runs of white space become one space."""
    kept = "".join(" " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in str(value))
    return " ".join(kept.split())


def shown(value, length=40):
    """A visitor's input made safe to repeat in a sentence: no control characters, and short."""
    printable = "".join(char if char.isprintable() else "\N{REPLACEMENT CHARACTER}" for char in str(value))
    return Truncator(printable).chars(length)


class RelatedFilter(django_filters.MultipleChoiceFilter):
    """Items related to any of the chosen values through `field_name` (`clusters__slug`), found by
    a subquery: the list keeps its own order and needs no DISTINCT, which PostgreSQL refuses beside
    an ORDER BY on expressions (the events' listing order)."""

    def filter(self, qs, value):
        if not value:
            return qs
        related = qs.model._default_manager.filter(**{f"{self.field_name}__in": value})
        return qs.filter(pk__in=related.values("pk"))


@dataclass(frozen=True)
class Option:
    """One option of a facet: its value, its label, how many items it gives, whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Chip:
    """One value in effect, as a link that removes it (`remove_query`: the query string without it)."""

    parameter: str
    label: str
    remove_query: str


class ListFilter(django_filters.FilterSet):
    """A FilterSet whose query string is cleaned value by value (module docstring).

    Subclasses declare their filters as usual; `searched` names the free-text ones (cut to
    MAX_QUERY_LENGTH, and a list searched by text is not remembered), `value_case` how a value is
    folded before it is checked (country codes are upper case, slugs lower case). Choices that
    depend on the content are given to the constructor (`choices={"cluster": [(slug, name)]}`),
    from lists the view has loaded anyway, so checking costs no query.
    """

    searched = ("q",)
    value_case = {}
    faceted = ()  # the parameters offered as facets with counts, in order (counted by facet_counts())
    legends = {}  # {parameter: the heading of its facet}, where the filter's label is too short for one

    def __init__(self, data=None, queryset=None, *, choices=None, request=None):
        super().__init__(data, queryset, request=request)
        for name, options in (choices or {}).items():
            self.filters[name].extra["choices"] = options
        self.notices = []
        self._options = {}
        self.refused = {}  # {parameter: [values not valid]}
        self.state = self._normalise(data if data is not None else MultiValueDict())
        self.data = MultiValueDict(self.state)

    # Input ---------------------------------------------------------------------------------------

    def _normalise(self, data):
        state = {}
        for name, filter_ in self.filters.items():
            raw = data.getlist(name) if hasattr(data, "getlist") else list(data.get(name, []))
            fold = self.value_case.get(name, lambda value: value)
            values = [fold(clean_text(value)) for value in raw]
            values = [value for value in dict.fromkeys(values) if value]  # in order, once each
            if name in self.searched:
                state[name] = self._text(values[-1]) if values else []
                continue
            field = filter_.field
            several = isinstance(field, forms.MultipleChoiceField)
            options = self.options(name)
            kept, refused, reason = [], [], ""
            for value in values if several else values[-1:]:
                if options is not None and value in options:
                    kept.append(value)
                    continue
                try:
                    field.clean([value] if several else value)
                except ValidationError as error:
                    refused.append(value)
                    reason = reason or " ".join(error.messages)
                else:
                    kept.append(value)
            if len(kept) > MAX_VALUES:
                self.notices.append(
                    gettext("Only the first %(limit)s values of “%(parameter)s” were used.")
                    % {"limit": MAX_VALUES, "parameter": name}
                )
                kept = kept[:MAX_VALUES]
            if refused:
                self.refused[name] = refused
                self.notices.append(self._refused_notice(field.label, refused, reason))
            state[name] = kept
        return state

    def _text(self, value):
        if len(value) > MAX_QUERY_LENGTH:
            value = value[:MAX_QUERY_LENGTH].strip()
            self.notices.append(
                gettext("The search was cut to its first %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH}
            )
        return [value]

    @staticmethod
    def _refused_notice(label, values, reason):
        named = ", ".join(f"“{shown(value)}”" for value in values[:NOTICE_VALUES])
        if len(values) > NOTICE_VALUES:
            named += " " + gettext("and %(count)s more") % {"count": len(values) - NOTICE_VALUES}
        message = ngettext(
            "%(label)s %(values)s was ignored: %(reason)s",
            "%(label)s %(values)s were ignored: %(reason)s",
            len(values),
        )
        return message % {"label": label, "values": named, "reason": reason}

    # Output --------------------------------------------------------------------------------------

    def query_string(self, **changes):
        """The state as a query string, in the filters' order, with some parameters replaced
        (`page=[2]`; None drops one)."""
        params = {**self.state, **changes}
        names = [*self.filters, "page"]
        return urlencode([(name, value) for name in names for value in params.get(name) or []])

    @property
    def is_active(self):
        return any(self.state.values())

    def options(self, name):
        """{value: label} of a choice filter, None for others. Read from the choices as given (the
        form field's own iterator goes through every country on each look-up)."""
        if name not in self._options:
            extra = self.filters[name].extra
            choices = extra.get("choices")
            self._options[name] = dict(choices() if callable(choices) else choices) if "choices" in extra else None
        return self._options[name]

    def value_label(self, name, value):
        """How a value is shown: its choice's label, else the value itself."""
        options = self.options(name)
        return value if options is None else str(options.get(value, value))

    def chips(self):
        """One removable chip per value in effect, in the order of the filters."""
        chips = []
        for name, values in self.state.items():
            label = self.filters[name].field.label
            for value in values:
                remaining = [other for other in values if other != value]
                shown_value = f"“{value}”" if name in self.searched else self.value_label(name, value)
                chips.append(Chip(name, f"{label}: {shown_value}", self.query_string(**{name: remaining})))
        return chips

    def facet_counts(self):
        """{parameter: {value: items}} for each of `faceted`, each with the other parameters' filters
        applied (queryset_without)."""
        raise NotImplementedError

    def facets(self):
        """The options of each faceted parameter, with counts. Options giving nothing are left out
        unless chosen; choices keep their own order (a goal's targets show only when chosen),
        countries go by name in the active language."""
        counts = self.facet_counts()
        facets = {}
        for parameter in self.faceted:
            labels, chosen, counted = self.options(parameter), self.state[parameter], counts[parameter]
            if parameter == "country":
                values = sorted(counted, key=lambda code: labels.get(code, code))
            else:
                values = list(labels)
            values += [value for value in chosen if value not in values]
            facets[parameter] = [
                Option(value, str(labels.get(value, value)), counted.get(value, 0), value in chosen)
                for value in values
                if counted.get(value) or value in chosen
            ]
        return facets

    def facet_groups(self, facets):
        """`facets` ({parameter: options}) as (parameter, heading, options) for includes/list_filters.html."""
        return [(name, self.legends.get(name) or self.filters[name].label, options) for name, options in facets.items()]

    # Counting ------------------------------------------------------------------------------------

    def queryset_without(self, excluded):
        """What every active filter but `excluded` lets through: the items a facet of `excluded`
        counts (the directory's, the good-practice library's). Call after the form is validated."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def scope(self):
        """What names this listing in core.aggregates: its state. None for a text search, whose
        endless variety would only fill the cache."""
        if any(self.state.get(name) for name in self.searched):
            return None
        return self.query_string()

    def count(self):
        """How many items the filters let through; remembered per content generation unless searching."""
        scope = self.scope
        if scope is None:
            return self.qs.count()
        return remember(f"{type(self).__name__}.count", self.qs.count, scope)


def with_chosen_year(years, listing):
    """The years a list offers, newest first, with the one chosen kept even when nothing is in it."""
    chosen = [int(year) for year in listing.state.get("year", [])]
    return sorted({*years, *chosen}, reverse=True)
