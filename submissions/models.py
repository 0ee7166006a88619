import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import images
from members.models import Kind


def get_random_string_32():
    return get_random_string(32)


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes", _("Changes requested")


class SubmissionType(models.TextChoices):
    NEW = "new", _("New profile")
    UPDATE = "update", _("Update to a profile")
    SOLUTION = "solution", _("Good practice")
    POST = "post", _("Exchange post")


# An emailed link that signs a member's contact in to the partner space (/partner/) instead of
# opening a form: EditLink.type.
SIGN_IN = "signin"


class ProfileSubmission(models.Model):
    """What a partner sent. Nothing in it is public until a moderator approves it.

    A good practice (type "solution") is sent by a member's contact through an emailed link: the
    submission names that member, keeps its kind, country and locality (for the queue's filters),
    the practice's title as `name`, its summary as `description`, its clusters in `clusters`, and
    the rest of what was sent in `solution` (SolutionForm.payload). Approval creates the Solution.
    """

    type = models.CharField(_("type"), max_length=10, choices=SubmissionType.choices, default=SubmissionType.NEW)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("member"),
        help_text=_("The profile an update is for, or the profile an approved new submission created."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )

    name = models.CharField(_("organisation name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    locality = models.CharField(_("locality"), max_length=200)
    description = models.TextField(_("description"), max_length=3000)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="submissions/", blank=True)
    clusters = models.ManyToManyField("clusters.Cluster", blank=True, verbose_name=_("clusters of interest"))
    solution = models.JSONField(
        _("proposed good practice"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("For a good practice: its texts, stage, years, partners, SDG targets and results."),
    )
    post = models.ForeignKey(
        "exchange.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("exchange post"),
        help_text=_("The post an edit is for, or the post an approved new one created."),
    )
    post_fields = models.JSONField(
        _("proposed exchange post"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("For an exchange post: its type, texts, clusters, SDG targets, formats, languages."),
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    consent = models.BooleanField(_("consent to publication"), default=False)
    # The language of the form the partner used: every email to the contact about this submission
    # (confirmation, decisions) is written in it.
    language = models.CharField(_("Language"), max_length=10, default="en", editable=False)

    # One per rendered form: a form sent twice (double click, resend after a timeout) finds the
    # submission the first copy made instead of making a second one.
    form_token = models.UUIDField(_("form token"), unique=True, null=True, blank=True, editable=False)
    revises = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revises"),
        help_text=_("The submission a moderator sent back for changes, which this one answers."),
    )

    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    logo_preview = images.fit("logo", *images.LOGO)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("profile submission")
        verbose_name_plural = _("profile submissions")
        permissions = [("moderate_profilesubmission", _("Can approve, reject or ask for changes to a submission"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SubmissionStatus.values), name="submission_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(consent=True),
                name="submission_has_consent",
                violation_error_message=_("A submission needs the partner's consent to publication."),
            ),
            models.CheckConstraint(
                condition=models.Q(status=SubmissionStatus.PENDING) | models.Q(reviewed_at__isnull=False),
                name="submission_decision_has_time",
                violation_error_message=_("A decided submission records when it was decided."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="submission_queue_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_type_display()}, {self.get_status_display()})"

    @property
    def is_pending(self):
        return self.status == SubmissionStatus.PENDING

    def received_token(self):
        """The signed reference in the confirmation page's address (shows the name and status only)."""
        return signing.Signer(salt=RECEIVED_SALT).sign(str(self.pk))


RECEIVED_SALT = "submissions.received"
EDIT_LINK_SALT = "submissions.edit-link"


class EditLinkError(Exception):
    """Why an emailed link cannot be used; `status` is the HTTP status of the page that says so."""

    def __init__(self, reason, status):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class EditLink(models.Model):
    """A single-use, expiring permission, sent by email, to propose changes.

    Either to a member's profile (the "request an update" link, sent to the contact address on
    file), to a new good practice led by a member (the "submit a good practice" link, sent to the
    same address), or to a submission a moderator sent back for changes (sent to its contact).

    The emailed token is signed with a TimestampSigner (salted, so no other signed value in the
    portal can pass for it): tampering fails the signature and age is checked against
    SUBMISSIONS_LINK_DAYS. Single use is kept here, in the database: `used_at` is set, in the
    same transaction that stores the submission, by a conditional UPDATE, so two requests racing
    with the same link cannot both succeed. A stored row (rather than a hash of the profile's
    state inside the token) also records which link produced which submission.
    """

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="edit_links",
        verbose_name=_("member"),
    )
    # What the link's form makes: an update to the member's profile or a good practice it leads;
    # for a submission sent back, the same type as that submission. Or a partner's sign-in (SIGN_IN).
    type = models.CharField(
        _("makes"),
        max_length=10,
        choices=[*SubmissionType.choices, (SIGN_IN, _("Partner sign-in"))],
        default=SubmissionType.UPDATE,
    )
    submission = models.ForeignKey(
        ProfileSubmission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="edit_links",
        verbose_name=_("submission sent back"),
    )
    nonce = models.CharField(_("nonce"), max_length=32, unique=True, default=get_random_string_32, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_for = models.OneToOneField(
        ProfileSubmission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="made_with_link",
        verbose_name=_("submission made with it"),
    )

    class Meta:
        verbose_name = _("edit link")
        verbose_name_plural = _("edit links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, submission__isnull=True)
                | models.Q(member__isnull=True, submission__isnull=False),
                name="editlink_one_target",
                violation_error_message=_("A link is for a profile or for a submission, not both."),
            )
        ]

    def __str__(self):
        return f"Edit link {self.pk}"

    @staticmethod
    def max_age():
        return dt.timedelta(days=settings.SUBMISSIONS_LINK_DAYS)

    @property
    def makes_solution(self):
        """Whether the link's form describes a good practice (a new one, or one sent back)."""
        made = self.submission.type if self.submission_id else self.type
        return made == SubmissionType.SOLUTION

    @property
    def expires_at(self):
        return self.created_at + self.max_age()

    def token(self):
        return signing.TimestampSigner(salt=EDIT_LINK_SALT).sign_object({"id": self.pk, "n": self.nonce})

    @classmethod
    def from_token(cls, token):
        """The usable link a token stands for, or EditLinkError saying why not."""
        signer = signing.TimestampSigner(salt=EDIT_LINK_SALT)
        try:
            payload = signer.unsign_object(token, max_age=cls.max_age())
        except signing.SignatureExpired as error:
            raise EditLinkError("expired", 410) from error
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise EditLinkError("invalid", 400) from error
        if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
            raise EditLinkError("invalid", 400)
        link = cls.objects.select_related("member", "submission__member").filter(pk=payload["id"]).first()
        if link is None or not constant_time_compare(link.nonce, str(payload.get("n", ""))):
            raise EditLinkError("invalid", 400)
        if link.used_at is not None:
            raise EditLinkError("used", 410)
        return link
