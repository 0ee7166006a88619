from django import template

from ..models import ProfileSubmission, SubmissionStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_submissions(context):
    """How many submissions wait for a decision, for staff who may read the queue; None otherwise."""
    request = context.get("request")
    if request is None or not request.user.has_perm("submissions.view_profilesubmission"):
        return None
    return ProfileSubmission.objects.filter(status=SubmissionStatus.PENDING).count()
