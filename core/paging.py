"""Pagination for the public lists that never fails on a bad `page`: it falls back and says so."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .filtering import shown as shown_input

# Pages beyond this are not served: an OFFSET makes the database read and throw away every row
# before it, so page 4,000 of a 100,000-row list costs a scan of the whole list. Filters reach
# the rest; the notice below says so.
MAX_PAGES = 200


class CappedPaginator(Paginator):
    """A Paginator whose last page is at most MAX_PAGES, whatever `count` says."""

    @cached_property
    def all_pages(self):
        # Paginator.num_pages is a cached_property; calling its function directly keeps its
        # cache (which would shadow ours under the same name) out of the instance.
        return Paginator.num_pages.func(self)

    @cached_property
    def num_pages(self):
        return min(self.all_pages, MAX_PAGES)

    @property
    def is_capped(self):
        return self.all_pages > MAX_PAGES


def beyond_cap_notice(paginator, raw):
    """The notice for a page number that exists in the count but is past the cap; None otherwise."""
    if not (paginator.is_capped and str(raw).strip().isdigit() and int(raw) > MAX_PAGES):
        return None
    return _(
        "Only the first %(pages)s pages can be browsed, so page %(pages)s is shown. "
        "Use the filters to narrow the list and reach the rest."
    ) % {"pages": MAX_PAGES}


def paginate(request, listing, per_page):
    """The page of a filtered list (a core.filtering.ListFilter) asked for in `?page=`, and what
    every list template reads: `filter`, `page_obj`, `result_count`, `notices`, `chips`, `query`
    (the filters as a query string, which pages and chips keep) and `canonical_query`.
    """
    page_obj, notice = _page(request, listing.qs, per_page, listing.count())
    return page_obj, {
        "filter": listing,
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "notices": listing.notices + ([notice] if notice else []),
        "chips": listing.chips(),
        "query": listing.query_string(),
        "canonical_query": listing.query_string(page=[page_obj.number] if page_obj.number > 1 else None),
    }


def _page(request, queryset, per_page, count):
    """The page asked for, or the nearest real one with a notice (None when the page exists)."""
    paginator = CappedPaginator(queryset, per_page)
    paginator.count = count  # Paginator.count is a cached_property: this is its value
    raw = request.GET.get("page", "")
    if raw == "":
        return paginator.page(1), None
    shown = shown_input(raw, 20)
    try:
        return paginator.page(raw), None
    except PageNotAnInteger:
        return paginator.page(1), _("“%(page)s” is not a page number, so the first page is shown.") % {"page": shown}
    except EmptyPage:
        page = paginator.page(1 if int(raw) < 1 else paginator.num_pages)
        if notice := beyond_cap_notice(paginator, raw):
            return page, notice
        return page, _("There is no page %(page)s, so page %(number)s is shown.") % {
            "page": shown,
            "number": page.number,
        }
