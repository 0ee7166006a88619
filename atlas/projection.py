"""The Equal Earth projection (Šavrič, Patterson & Jenny, 2018).

Equal-area, so a country's shaded surface is in proportion to its real size (no giant
Greenland beside a small Africa), with the rounded outline of Robinson. Coordinates are
returned in the units of the map's viewBox: the build command uses it to project the
shapes, the renderer to place members' points, so both land on the same map.
"""

import math

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
# Half the projected width of the world at scale 1 (λ = π, φ = 0).
HALF_WIDTH = math.pi / (M * A1)


def equal_earth(lon, lat):
    """Longitude and latitude in degrees → (x, y) at scale 1, y growing northwards."""
    lam = math.radians(lon)
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


class Frame:
    """Where the projected world sits in the viewBox: `width` wide, from `north` to `south` degrees."""

    def __init__(self, width, north, south):
        self.width = width
        self.scale = width / (2 * HALF_WIDTH)
        self.top = equal_earth(0, north)[1]
        self.height = round((self.top - equal_earth(0, south)[1]) * self.scale)

    def project(self, lon, lat):
        x, y = equal_earth(lon, lat)
        return (x + HALF_WIDTH) * self.scale, (self.top - y) * self.scale
