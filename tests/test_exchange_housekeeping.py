"""exchange_housekeeping: posts expire on time, partners are reminded 14 and 1 days ahead, once each,
whether the job runs twice, is interrupted halfway or missed a few days.

Transactional tests: each post's decision commits on its own and its email leaves only then
(core.mail.queue_email), as in production.
"""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.publishing import Status
from exchange import housekeeping
from exchange.models import Post, PostState, PostType

from .factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def today():
    return timezone.localdate()


def make_post(days_left, *, member=None, email="desk@city-a.example.org", **fields):
    member = member or MemberFactory(contact_email=email, contact_name="Ada Contact")
    number = Post.objects.count() + 1
    values = {
        "member": member,
        "type": PostType.SEEKING_EXPERTISE,
        "title": f"Landfill gas expertise wanted {number}",
        "slug": f"landfill-gas-{number}",
        "description": "Our landfill leaks methane.",
        "details": "Two engineers for a week.",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - dt.timedelta(days=30),
        "expires_on": today() + dt.timedelta(days=days_left),
    }
    return Post.objects.create(**values | fields)


def housekeep():
    out = io.StringIO()
    call_command("exchange_housekeeping", stdout=out)
    return out.getvalue()


def reminders_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_post_past_its_date_expires_and_leaves_the_list():
    late = make_post(-1)
    due_today = make_post(0)
    withdrawn = make_post(-3, state=PostState.WITHDRAWN)

    output = housekeep()

    late.refresh_from_db()
    withdrawn.refresh_from_db()
    assert late.state == PostState.EXPIRED
    assert withdrawn.state == PostState.WITHDRAWN  # a closed post keeps the state its member gave it
    assert list(Post.objects.listed()) == [due_today]
    assert "1 post(s) expired" in output
    assert late.history.first().history_change_reason == "Expired by exchange_housekeeping"


def test_a_draft_past_its_date_is_left_alone():
    draft = make_post(-2, status=Status.DRAFT)
    housekeep()
    draft.refresh_from_db()
    assert draft.state == PostState.OPEN


def test_reminders_go_out_14_days_and_1_day_ahead_once_each_over_two_runs():
    in_14 = make_post(14, email="fourteen@city-a.example.org")
    in_1 = make_post(1, email="one@city-b.example.org")
    make_post(15, email="fifteen@city-c.example.org")  # not yet due

    first = housekeep()
    second = housekeep()

    assert len(reminders_to("fourteen@city-a.example.org")) == 1
    assert len(reminders_to("one@city-b.example.org")) == 1
    assert reminders_to("fifteen@city-c.example.org") == []
    assert len(mail.outbox) == 2
    assert "2 reminder(s) queued" in first and "0 reminder(s) queued" in second
    in_14.refresh_from_db()
    in_1.refresh_from_db()
    assert (in_14.reminded_days, in_1.reminded_days) == (14, 1)


def test_a_post_gets_the_14_day_then_the_1_day_reminder_as_its_date_nears():
    post = make_post(14)
    housekeeping.run(today=today())
    housekeeping.run(today=today() + dt.timedelta(days=6))  # 8 days left: already reminded
    housekeeping.run(today=today() + dt.timedelta(days=13))  # 1 day left
    housekeeping.run(today=today() + dt.timedelta(days=14))  # expires today: already reminded
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2
    assert "in 14 days" in subjects[0]
    assert post.title in subjects[1]


def test_a_missed_window_gives_the_reminder_due_now_not_both():
    """The job did not run for a week: ten days left gets the first reminder, late; a post found one
    day before expiry gets only the last one."""
    ten_days = make_post(10, email="ten@city-a.example.org")
    one_day = make_post(1, email="late@city-b.example.org")

    housekeep()
    housekeep()

    assert len(reminders_to("ten@city-a.example.org")) == 1
    assert "in 10 days" in reminders_to("ten@city-a.example.org")[0].body
    assert len(reminders_to("late@city-b.example.org")) == 1
    ten_days.refresh_from_db()
    one_day.refresh_from_db()
    assert (ten_days.reminded_days, one_day.reminded_days) == (14, 1)
    housekeeping.run(today=today() + dt.timedelta(days=9))  # then its last day comes
    assert len(reminders_to("ten@city-a.example.org")) == 2


def test_a_run_stopped_halfway_then_run_again_sends_the_rest_once():
    posts = [make_post(days, email=f"member{k}@city.example.org") for k, days in enumerate((14, 3, 1, 12))]

    housekeeping.run(posts=Post.objects.filter(pk__in=[posts[0].pk, posts[1].pk]))  # killed after two posts
    assert len(mail.outbox) == 2
    housekeep()

    assert sorted(address for message in mail.outbox for address in message.to) == [
        f"member{k}@city.example.org" for k in range(4)
    ]


def test_a_crash_while_queueing_one_email_loses_nothing_and_repeats_nothing(monkeypatch):
    posts = [make_post(days, email=f"member{k}@city.example.org") for k, days in enumerate((14, 5, 1))]
    real_send = housekeeping.send_reminder
    calls = []

    def send_then_crash(post, day):
        calls.append(post.pk)
        if len(calls) == 2:
            raise RuntimeError("the process was killed")
        real_send(post, day)

    monkeypatch.setattr(housekeeping, "send_reminder", send_then_crash)
    with pytest.raises(RuntimeError):
        housekeep()
    crashed_on = Post.objects.get(pk=calls[1])
    assert crashed_on.reminded_days is None  # its decision was rolled back with its email
    assert len(mail.outbox) == 1

    monkeypatch.setattr(housekeeping, "send_reminder", real_send)
    housekeep()
    housekeep()

    assert sorted(address for message in mail.outbox for address in message.to) == [
        f"member{k}@city.example.org" for k in range(3)
    ]
    assert all(post.reminded_days for post in Post.objects.filter(pk__in=[p.pk for p in posts]))


def test_a_renewed_post_is_reminded_again_for_its_new_date():
    post = make_post(1, state=PostState.IN_DISCUSSION)
    housekeep()
    assert len(mail.outbox) == 1

    post.refresh_from_db()
    post.renew()
    post.save()
    housekeep()
    assert len(mail.outbox) == 1  # six months ahead: nothing due yet

    new_date = post.expires_on
    housekeeping.run(today=new_date - dt.timedelta(days=14))
    housekeeping.run(today=new_date - dt.timedelta(days=1))
    assert len(mail.outbox) == 3
    assert new_date.strftime("%Y") in mail.outbox[-1].body


def test_an_expired_post_renewed_is_listed_again():
    post = make_post(-1)
    housekeep()
    post.refresh_from_db()
    assert post.state == PostState.EXPIRED and not Post.objects.listed().exists()
    post.renew()
    post.save()
    assert list(Post.objects.listed()) == [post]


def test_a_member_without_a_contact_address_is_counted_not_emailed():
    make_post(14, email="")
    output = housekeep()
    assert mail.outbox == []
    assert "1 post(s) due a reminder whose member has no contact address" in output
    assert Post.objects.get().reminded_days is None  # reminded once an address is on file


def test_the_reminder_goes_to_the_members_contact_only_and_names_no_one_else():
    member = MemberFactory(contact_email="desk@koidu.example.org", contact_name="Fatmata Desk")
    post = make_post(14, member=member)
    other = MemberFactory(contact_email="someone@elsewhere.example.org", contact_name="Other Person")
    make_post(40, member=other)
    post.interests.create(
        organisation="Waste Co",
        name="Visitor Name",
        email="visitor@waste.example.org",
        proposal="We propose a visit.",
        questions="How much waste?",
        about="A company.",
        form_token="00000000-0000-0000-0000-000000000001",
    )

    housekeep()

    (message,) = mail.outbox
    assert message.to == ["desk@koidu.example.org"]
    assert message.cc == [] and message.bcc == [] and message.reply_to == []
    text = message.subject + message.body
    for address in ("someone@elsewhere.example.org", "visitor@waste.example.org", "Visitor Name", "Other Person"):
        assert address not in text
    assert post.get_absolute_url() in message.body
    assert f"/partner/sign-in/?next=%2Fpartner%2Fposts%2F{post.pk}%2F" in message.body


def test_the_reminder_is_in_the_posts_language():
    post = make_post(14, language="es")
    housekeep()
    (message,) = mail.outbox
    assert f"/es/exchange/{post.slug}/" in message.body
    assert f"/es/partner/sign-in/?next=%2Fes%2Fpartner%2Fposts%2F{post.pk}%2F" in message.body


def test_a_post_in_a_language_the_site_no_longer_offers_is_reminded_in_english():
    post = make_post(14)
    Post.objects.filter(pk=post.pk).update(language="xx")
    housekeep()
    (message,) = mail.outbox
    assert f"/exchange/{post.slug}/" in message.body
    assert "/xx/" not in message.body


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_reminders_are_tasks_in_the_queue_one_per_post_however_often_the_job_runs():
    make_post(14, email="a@city.example.org")
    make_post(1, email="b@city.example.org")
    for _ in range(3):
        housekeep()
    assert DBTaskResult.objects.count() == 2
    assert mail.outbox == []  # the worker sends them
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert sorted(message.to[0] for message in mail.outbox) == ["a@city.example.org", "b@city.example.org"]


@pytest.mark.parametrize(("days_left", "due"), [(15, None), (14, 14), (2, 14), (1, 1), (0, 1), (-1, None)])
def test_which_reminder_is_due(days_left, due):
    assert housekeeping.reminder_due(days_left) == due


def test_the_renewal_link_signs_the_partner_in_and_leads_to_the_posts_renew_button(client):
    """The link in the reminder opens the sign-in page, which carries the partner on to the post."""
    import re

    post = make_post(14)
    housekeep()
    (link,) = re.findall(r"http://[^\s]+/partner/sign-in/\S*", mail.outbox[0].body)
    response = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert f'value="/partner/posts/{post.pk}/"' in response.content.decode()
