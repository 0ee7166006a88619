"""One address of every public page type on the demo data, for the checks that go over all of them
(axe in the browser, the Nu Html Checker)."""

PUBLIC_PAGE_TYPES = [
    "/",
    "/clusters/",
    "/clusters/transport/",
    "/members/",
    "/members/?country=BR&country=CL",
    "/members/baguio/",
    "/news/",
    "/news/urban-mobility-exchange-argentina-chile-china/",
    "/events/",
    "/events/south-south-cooperation-cities-climate-action-2020/",
    "/search/?q=transport",
    "/submit/",
    "/about/",
    "/solutions/",
    "/solutions/?sdg=11&country=CL",
    "/solutions/public-transport-data-platform/",
    "/submit/update/baguio/",
    "/api/docs",
    "/data/",
    "/no-such-page/",
]
