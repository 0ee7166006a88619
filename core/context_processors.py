from django.conf import settings

from .urls import site_url


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": site_url(), "SOCIAL_LINKS": settings.SOCIAL_LINKS}
