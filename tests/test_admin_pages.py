"""Every back-office page, for every role, on the demo data with its images.

For an Editor, a Moderator and a superuser signed in with a second factor, each registered model's
changelist (with a search, and every filter, sort and date link the list offers), add page, change
page, history page and delete confirmation answer 200 where the role may go and 403 where it may
not, never a 500; and every bulk action the role has works on two rows.
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from axes.models import AccessFailureLog
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client, RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.mail import queue_email
from core.publishing import Status
from core.roles import EDITORS, MODERATORS
from news.models import Article
from submissions.models import ProfileSubmission

from .conftest import sign_in_verified
from .demo_snapshot import load_demo
from .factories import SubmissionFactory, UserFactory

ROLES = ["editor", "moderator", "superuser"]
REGISTERED = sorted(model._meta.label_lower for model in apps.get_models() if admin.site.is_registered(model))
MODERATOR_OPENS = {
    "clusters.cluster",
    "members.member",
    "members.membership",
    "submissions.profilesubmission",
    # Brokering the exchange: the posts and good practices a match names, the two queues.
    "exchange.post",
    "exchange.interest",
    "exchange.suggestion",
    "solutions.solution",
}
# A page of counts (subscribers per cluster and language), with no row of its own to open or act on.
COUNTS_ONLY = {"subscriptions.subscribercount"}
OPENS = {
    "editor": {
        *MODERATOR_OPENS,
        *(
            "news.article",
            "news.category",
            "events.event",
            "events.person",
            "events.session",
            "events.recording",
            "pages.page",
            "solutions.solution",
            "solutions.goal",
            "solutions.target",
            "subscriptions.subscribercount",
        ),
    },
    "moderator": MODERATOR_OPENS,
    "superuser": set(REGISTERED),
}
QUERY_LINK = re.compile(r'href="(\?[^"]*)"')
ACTION_OPTION = re.compile(r'<option value="([a-z_]+)">')


def signed_in(client, role):
    """The client signed in as `role`, and a request of that user's for asking the admin what it may do."""
    if role == "superuser":
        user = UserFactory(is_superuser=True, username="chief")
        sign_in_verified(client, user)
    else:
        user = UserFactory(groups=[EDITORS if role == "editor" else MODERATORS])
        client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    return client, request


def model_admin_for(label):
    return admin.site.get_model_admin(apps.get_model(label))


def url(label, action, *args):
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_{action}", args=args)


def sample(label):
    """Two rows to open, those with an image first: they broke the lists once."""
    if label in COUNTS_ONLY:
        return []
    model = apps.get_model(label)
    images = [field.name for field in model._meta.fields if field.get_internal_type() in ("ImageField", "FileField")]
    rows = model._default_manager.order_by(*(f"-{name}" for name in images), "pk")
    return list(rows[:2])


def search_term(row, fields):
    """The longest word of `row`'s value in the first of the search `fields` (such as "user__username")
    that it has a value in."""
    for field in fields:
        value = row
        for part in field.lstrip("^=@").split("__"):
            value = getattr(value, part)
        if value:
            return max(re.findall(r"\w+", str(value)), key=len)
    return "x"


@pytest.fixture(scope="module")
def demo_rows(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module's tests (each test's own writes roll back with it),
    and flushed after the last: about 180 tests read it."""
    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_rows, db, settings):
    """The demo data, and two rows of each technical section as using the site leaves them: failed
    and successful sign-ins, second-factor devices, queued emails."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    visitor = Client()
    for name in ("ama", "kofi"):
        user = UserFactory(username=name, groups=[EDITORS])
        visitor.post(reverse("admin:login"), {"username": name, "password": "not-the-password"})
        assert visitor.login(username=name, password="a-long-test-password")
        visitor.logout()
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        # Written by axes only with AXES_ENABLE_ACCESS_FAILURE_LOG, which is off; its section is there all the same.
        AccessFailureLog.objects.create(
            username=name,
            ip_address="192.0.2.7",
            user_agent="Mozilla/5.0",
            http_accept="*/*",
            path_info="/admin/login/",
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            queue_email(subject="Welcome", body="Hello", to=[f"{name}@example.org"])


def changelist_links(html):
    """The filter, sort, date and page links the changelist shows."""
    return sorted({unescape(link) for link in QUERY_LINK.findall(html)})


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_for_every_role(client, demo, role, label):
    client, request = signed_in(client, role)
    model_admin = model_admin_for(label)
    rows = sample(label)
    changelist = url(label, "changelist")

    response = client.get(changelist)
    if label not in OPENS[role]:
        assert response.status_code == 403, f"{role} {label}: the list should be refused"
        if rows:
            assert client.get(url(label, "change", quote(rows[0].pk))).status_code == 403
            assert client.get(url(label, "history", quote(rows[0].pk))).status_code == 403
        assert client.get(url(label, "add")).status_code == 403
        return
    assert response.status_code == 200, f"{role} {label}: {response.status_code}"
    for link in changelist_links(response.text):
        assert client.get(changelist + link).status_code == 200, f"{role} {label}{link}"
    if model_admin.search_fields:
        term = search_term(rows[0], model_admin.search_fields) if rows else "x"
        searched = client.get(changelist, {"q": term})
        assert searched.status_code == 200
        if rows:
            assert "0 results" not in searched.text, f"{role} {label}: searching {term!r} found nothing"

    expected_add = 200 if model_admin.has_add_permission(request) else 403
    assert client.get(url(label, "add")).status_code == expected_add, f"{role} {label} add"
    for row in rows:
        assert client.get(url(label, "change", quote(row.pk))).status_code == 200, f"{role} {label} change {row.pk}"
        assert client.get(url(label, "history", quote(row.pk))).status_code == 200, f"{role} {label} history"
        expected_delete = 200 if model_admin.has_delete_permission(request, row) else 403
        assert client.get(url(label, "delete", quote(row.pk))).status_code == expected_delete, f"{role} {label} delete"


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
@pytest.mark.parametrize("role", ROLES)
def test_every_bulk_action_works_on_two_rows(client, demo, role, label):
    client, _request = signed_in(client, role)
    model = apps.get_model(label)
    if label not in OPENS[role]:
        pytest.skip(f"{role} cannot open {label}")
    if label in COUNTS_ONLY:
        pytest.skip(f"{label} is a page of counts")
    rows = sample(label)
    assert len(rows) == 2, f"two {label} rows to act on"
    offered = ACTION_OPTION.findall(client.get(url(label, "changelist")).text)
    keys = [row.pk for row in rows]

    for action in offered:
        still_there = list(model._default_manager.filter(pk__in=keys).values_list("pk", flat=True))
        if len(still_there) < 2:
            continue
        form = {"action": action, "_selected_action": still_there, "index": 0}
        response = client.post(url(label, "changelist"), form)
        assert response.status_code in (200, 302), f"{role} {label} {action}: {response.status_code}"
        if action == "delete_selected":
            assert response.status_code == 200
            if "would require deleting the following protected" in response.text:
                continue  # the confirmation says why not, and offers no way to go on
            assert "Are you sure" in response.text
            client.post(url(label, "changelist"), {**form, "post": "yes"})
            assert not model._default_manager.filter(pk__in=keys).exists(), f"{role} {label}: nothing deleted"
        elif action in ("make_published", "make_draft"):
            assert response.status_code == 302
            wanted = "published" if action == "make_published" else "draft"
            assert set(model._default_manager.filter(pk__in=keys).values_list("status", flat=True)) == {wanted}


# The index ---------------------------------------------------------------------------------------


def attention_lines(html):
    panel = html.split('id="needs-attention"', 1)[1].split("</div>", 1)[0]
    return dict(re.findall(r'<a href="[^"]*">([^<]*)</a>: <strong>(\d+)</strong>', unescape(panel)))


@pytest.mark.django_db
def test_the_index_tells_an_editor_what_needs_attention(client, demo):
    client, _request = signed_in(client, "editor")
    draft = Article.objects.published().order_by("pk").first()
    Article.objects.filter(pk=draft.pk).update(status=Status.DRAFT, updated_at=timezone.now() - timedelta(days=3))
    Article.objects.filter(pk=Article.objects.published().order_by("pk").first().pk).update(
        published_at=timezone.now() + timedelta(days=2)
    )
    SubmissionFactory(name="Koidu-New Sembehun")
    pending = ProfileSubmission.objects.filter(status="pending").count()

    lines = attention_lines(client.get(reverse("admin:index")).text)

    assert lines["Partner submissions awaiting review"] == str(pending)
    assert lines["News articles: drafts changed in the last 30 days"] == "1"
    assert lines["News articles: scheduled to publish"] == "1"
    drafts = client.get(reverse("admin:news_article_changelist"), {"attention": "recent-drafts"})
    assert list(drafts.context["cl"].result_list) == [draft]
    coming = client.get(reverse("admin:news_article_changelist"), {"attention": "scheduled"})
    assert [article.published_at > timezone.now() for article in coming.context["cl"].result_list] == [True]


@pytest.mark.django_db
def test_the_index_tells_a_moderator_only_of_the_queue(client, demo):
    client, _request = signed_in(client, "moderator")
    lines = attention_lines(client.get(reverse("admin:index")).text)
    assert list(lines) == [
        "Partner submissions awaiting review",
        "Expressions of interest awaiting review",
        "Suggested matches to introduce or dismiss",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_technical_sections_are_for_superusers_only(client, demo, role):
    client, request = signed_in(client, role)
    # Even a permission granted by hand does not open them.
    request.user.user_permissions.add(Permission.objects.get(codename="view_accessattempt"))
    html = client.get(reverse("admin:index")).text
    for section in ("Axes", "TOTP", "Tasks", "Access attempts"):
        assert section not in html
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403

    client, _request = signed_in(client, "superuser")
    html = client.get(reverse("admin:index")).text
    assert "Access attempts" in html
    assert "TOTP devices" in html
