from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Kind


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes", _("Changes requested")


class SubmissionType(models.TextChoices):
    NEW = "new", _("New profile")
    UPDATE = "update", _("Update to a profile")


class ProfileSubmission(models.Model):
    """What a partner sent. Nothing in it is public until a moderator approves it."""

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
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    consent = models.BooleanField(_("consent to publication"), default=False)

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
                condition=models.Q(status=SubmissionStatus.PENDING) | models.Q(reviewed_at__isnull=False),
                name="submission_decision_has_time",
                violation_error_message=_("A decided submission records when it was decided."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="submission_queue_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_type_display()}, {self.get_status_display()})"
