"""Pagination for public lists that never fails on a bad `page`: it falls back and says so."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _

from .filtering import shown as shown_input


def paginate(request, queryset, per_page):
    """The page asked for in `?page=`, or the nearest real one with a notice for the visitor.

    Returns (page_obj, notice); notice is None when the page asked for exists.
    """
    paginator = Paginator(queryset, per_page)
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
        return page, _("There is no page %(page)s, so page %(number)s is shown.") % {
            "page": shown,
            "number": page.number,
        }
