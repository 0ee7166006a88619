"""HTML escaping without `keep_lazy`'s check on every call (installed by CoreConfig.ready).

Django's `escape()` and `mark_safe()` are wrapped in `keep_lazy`, which looks for a lazy
translation among the arguments (`any()` over a generator over `itertools.chain`) on every call.
Every variable a template shows is escaped, and `format_html` escapes each argument and marks the
result safe, so the event page paid for about 300 such checks per request: 1.4 million
instructions of its 39.2 million (docs/performance.md, session 10).

Both functions take one argument, so the check can be one `isinstance`. A lazy argument (or any
other call, by keyword say) still goes to Django's own wrapper and gives a lazy result; anything
else goes straight to Django's own function body, so the output is the very one Django gives
(tests/test_escaping.py compares them).

Only the names that Django's own escaping helpers look up at call time are replaced:
`django.utils.html.escape` (used by `conditional_escape`, which the template engine calls for
every variable) and `django.utils.html.mark_safe` (used by `format_html` and `format_html_join`).
Code that imported either name before this runs keeps Django's wrapped version, which gives the
same result.
"""

import functools

from django.utils import html
from django.utils.functional import Promise


def _without_lazy_check(wrapped):
    """`wrapped` (a one-argument function wrapped by `keep_lazy`), checking its argument with one
    isinstance."""
    plain = wrapped.__wrapped__

    @functools.wraps(plain)
    def function(*args, **kwargs):
        if len(args) == 1 and not kwargs and not isinstance(args[0], Promise):
            return plain(args[0])
        return wrapped(*args, **kwargs)  # a lazy argument, or a call by keyword: Django's own wrapper

    function.lazy_version = wrapped
    return function


def install():
    for name in ("escape", "mark_safe"):
        current = getattr(html, name)
        if not hasattr(current, "lazy_version"):
            setattr(html, name, _without_lazy_check(current))
