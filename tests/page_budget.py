"""Page weight as the budget counts it: the HTML plus every stylesheet and script it links."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders

BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"')


def linked_assets(html):
    return ASSET.findall(html)


def page_weight(response):
    """Bytes of the HTML and of the CSS and JS it links (read from the static files, uncompressed)."""
    total = len(response.content)
    for url in set(linked_assets(response.content.decode())):
        assert url.startswith(settings.STATIC_URL), f"{url} is not a local static file"
        path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        assert path, f"{url} is linked but not found"
        with open(path, "rb") as handle:
            total += len(handle.read())
    return total
