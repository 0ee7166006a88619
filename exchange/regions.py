"""Countries by region, for "same region" in suggested matches.

The regions are the United Nations Statistics Division's M49 geographic regions
(https://unstats.un.org/unsd/methodology/m49/), at the finest level M49 names: the intermediate
regions of sub-Saharan Africa and of Latin America and the Caribbean, the sub-regions elsewhere.
Countries are ISO 3166-1 alpha-2 codes, as django-countries stores them.
"""

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "northern-africa": (_("Northern Africa"), "DZ EG LY MA SD TN EH"),
    "eastern-africa": (
        _("Eastern Africa"),
        "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    ),
    "middle-africa": (_("Middle Africa"), "AO CM CF TD CG CD GQ GA ST"),
    "southern-africa": (_("Southern Africa"), "BW SZ LS NA ZA"),
    "western-africa": (_("Western Africa"), "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"),
    "caribbean": (
        _("Caribbean"),
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    ),
    "central-america": (_("Central America"), "BZ CR SV GT HN MX NI PA"),
    "south-america": (_("South America"), "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"),
    "northern-america": (_("Northern America"), "BM CA GL PM US"),
    "central-asia": (_("Central Asia"), "KZ KG TJ TM UZ"),
    "eastern-asia": (_("Eastern Asia"), "CN HK MO KP JP MN KR TW"),
    "south-eastern-asia": (_("South-eastern Asia"), "BN KH ID LA MY MM PH SG TH TL VN"),
    "southern-asia": (_("Southern Asia"), "AF BD BT IN IR MV NP PK LK"),
    "western-asia": (
        _("Western Asia"),
        "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    ),
    "eastern-europe": (_("Eastern Europe"), "BY BG CZ HU PL MD RO RU SK UA"),
    "northern-europe": (_("Northern Europe"), "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB"),
    "southern-europe": (_("Southern Europe"), "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK"),
    "western-europe": (_("Western Europe"), "AT BE FR DE LI LU MC NL CH"),
    "australia-new-zealand": (_("Australia and New Zealand"), "AU CX CC HM NZ NF"),
    "melanesia": (_("Melanesia"), "FJ NC PG SB VU"),
    "micronesia": (_("Micronesia"), "GU KI MH FM NR MP PW UM"),
    "polynesia": (_("Polynesia"), "AS CK PF NU PN WS TK TO TV WF"),
}

REGION_OF = {country: key for key, (_label, countries) in REGIONS.items() for country in countries.split()}


def region_of(country):
    """The region key of a country code (a django-countries Country or a string), or None."""
    return REGION_OF.get(str(country or "").upper())


def countries_in(region):
    return REGIONS[region][1].split() if region in REGIONS else []


def label(region):
    return REGIONS[region][0] if region in REGIONS else region
