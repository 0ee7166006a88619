from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ProfileSubmission


@admin.register(ProfileSubmission)
class ProfileSubmissionAdmin(admin.ModelAdmin):
    """The moderation queue. Editors may read it; deciding needs the moderate permission."""

    list_display = ["name", "type", "kind", "country", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "type", "kind", "country"]
    list_select_related = ["reviewed_by", "member"]
    search_fields = ["name", "locality", "contact_name", "contact_email"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["submitted_at", "reviewed_by", "reviewed_at"]
    autocomplete_fields = ["member", "clusters"]
    fieldsets = [
        (None, {"fields": ["type", "member", "status"]}),
        (
            _("Proposed profile"),
            {"fields": ["name", "kind", "country", "locality", "description", "website", "logo", "clusters"]},
        ),
        (_("Contact (private)"), {"fields": ["contact_name", "contact_email", "consent"]}),
        (_("Decision"), {"fields": ["decision_note", "reviewed_by", "reviewed_at", "submitted_at"]}),
    ]

    def has_add_permission(self, request):
        # Submissions come from partners through /submit/, never typed in by staff.
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("submissions.moderate_profilesubmission") and super().has_change_permission(
            request, obj
        )
