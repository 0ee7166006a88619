"""Production: refuses to start with DEBUG on or a missing or insecure secret."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, SECURE_CSP

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production; unset DEBUG or set it to false.")
if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips any the client sent):
# plain-HTTP requests are redirected to HTTPS. See docs/operations.md.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# "__Host-" cookies are only accepted over HTTPS, for this exact host and path "/": no subdomain
# or plain-HTTP page can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_NAME = "__Host-language"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}
