"""A cluster's colour and icon, chosen by an editor from a fixed set (Cluster.colour, Cluster.icon).

The six colours are the only ones a cluster is ever drawn in: its tags, its cards' artwork and its
segments of the events chart. Each gives white text and icons at least 4.5:1 (WCAG AA), and every
pair stays apart (CIEDE2000 of 10 or more) for visitors with protanopia, deuteranopia or tritanopia
as well (tests/test_cluster_palette.py). static/css/site.css gives each its class,
`cluster-colour--<key>`, with the same value.

The icons are outline icons of Tabler Icons (static/icons/clusters/, MIT licence beside them),
drawn white on the cluster's colour. A card with no photo shows its first cluster's icon; an item
in no cluster shows the portal's own mark (static/icons/mark.svg) on the portal's blue.
"""

from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    RUST = "rust", _("Rust")
    INDIGO = "indigo", _("Indigo")
    OCHRE = "ochre", _("Ochre")
    MAGENTA = "magenta", _("Magenta")


# Found by search among dark colours near Okabe–Ito's blue, Paul Tol's green and purple, a darkened
# vermilion, ochre and magenta, for the widest smallest difference under the three simulations.
HEX = {
    Colour.BLUE: "#0072b4",
    Colour.GREEN: "#426642",
    Colour.RUST: "#8a3c00",
    Colour.INDIGO: "#36308a",
    Colour.OCHRE: "#9c6c00",
    Colour.MAGENTA: "#c62a72",
}


class Icon(models.TextChoices):
    BUS = "bus", _("Bus")
    RECYCLE = "recycle", _("Recycling arrows")
    UMBRELLA = "umbrella", _("Umbrella")
    SHOPPING_CART = "shopping-cart", _("Shopping cart")
    PLANE = "plane", _("Plane")
    VIRUS = "virus", _("Virus")


def icon_url(icon):
    return static(f"icons/clusters/{icon}.svg")


PORTAL_MARK = "icons/mark.svg"
