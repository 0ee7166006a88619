"""The MDN HTTP Observatory's rules, as checks on one response (shared by the header tests).

Each function returns a list of problems; an empty list means the response meets the rule with
no penalty. Together they are what the Observatory needs for an A+ (a score of 100 or more with
no failed test): an enforced CSP without unsafe script sources, clickjacking protection, nosniff,
a strict Referrer-Policy, HSTS of at least six months, Secure/HttpOnly/SameSite cookies.
"""

UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:", "blob:"}
STRICT_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def parse_csp(header):
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


def csp_problems(response):
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return ["no enforced Content-Security-Policy"]
    policy = parse_csp(header)
    problems = []
    default = policy.get("default-src")
    if default is None or not set(default) <= {"'self'", "'none'"}:
        problems.append(f"default-src should be 'self' or 'none', is {default}")
    script = policy.get("script-src", default) or []
    if unsafe := UNSAFE_SCRIPT_SOURCES & set(script):
        problems.append(f"script-src allows {sorted(unsafe)}")
    style = policy.get("style-src", default) or []
    if unsafe := UNSAFE_SCRIPT_SOURCES & set(style):
        problems.append(f"style-src allows {sorted(unsafe)}")
    expected = {
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    for directive, value in expected.items():
        if policy.get(directive) != value:
            problems.append(f"{directive} should be {value}, is {policy.get(directive)}")
    if "Content-Security-Policy-Report-Only" in response.headers and not header:
        problems.append("CSP is report-only")
    return problems


def header_problems(response, *, https=False, corp="same-origin"):
    problems = csp_problems(response)
    headers = response.headers
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if headers.get("X-Frame-Options", "").upper() != "DENY":
        problems.append(f"X-Frame-Options is {headers.get('X-Frame-Options')!r}, not DENY")
    if headers.get("Referrer-Policy", "").split(",")[-1].strip() not in STRICT_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {headers.get('Referrer-Policy')!r} leaks the full address")
    if headers.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append(f"Cross-Origin-Opener-Policy is {headers.get('Cross-Origin-Opener-Policy')!r}")
    if headers.get("Cross-Origin-Resource-Policy") != corp:
        problems.append(f"Cross-Origin-Resource-Policy is {headers.get('Cross-Origin-Resource-Policy')!r}, not {corp}")
    if https:
        hsts = headers.get("Strict-Transport-Security", "")
        fields = dict(
            [*item.split("=", 1), ""][:2] for item in (part.strip().lower() for part in hsts.split(";")) if item
        )
        if int(fields.get("max-age") or 0) < 31_536_000:
            problems.append(f"HSTS max-age under one year: {hsts!r}")
        if "includesubdomains" not in fields or "preload" not in fields:
            problems.append(f"HSTS without includeSubDomains and preload: {hsts!r}")
    return problems


def cookie_problems(cookies, *, https=False):
    """`cookies` is a SimpleCookie (response.cookies)."""
    problems = []
    for name, morsel in cookies.items():
        if morsel["max-age"] == 0 or morsel.value == "":
            continue  # a deletion
        if not morsel["httponly"]:
            problems.append(f"cookie {name} is readable by scripts (no HttpOnly)")
        if morsel["samesite"].lower() not in {"lax", "strict"}:
            problems.append(f"cookie {name} has no SameSite")
        if https:
            if not morsel["secure"]:
                problems.append(f"cookie {name} is not Secure")
            if not name.startswith("__Host-"):
                problems.append(f"cookie {name} has no __Host- prefix")
            if morsel["domain"] or morsel["path"] != "/":
                problems.append(f"cookie {name} is not host-only with path /")
    return problems
