"""The two staff groups and the least permissions each needs.

Editors write public content but never hard-delete it (they unpublish); they may
remove rows inside it (a membership, a cluster's figure, an agenda session, a recording link), read
the moderation queue, and see and restore earlier versions of clusters, members,
articles, events and pages. Moderators decide on partner submissions and read what they
need to compare a submission with a profile.
"""

EDITORS = "Editors"
MODERATORS = "Moderators"

CONTENT = ["add", "change", "view"]
PARTS = ["add", "change", "delete", "view"]
# django-simple-history: "view" shows an object's earlier versions, "change" lets one be restored.
HISTORY = ["view", "change"]

GROUP_PERMISSIONS = {
    EDITORS: {
        "clusters.cluster": CONTENT,
        "clusters.clusterfigure": PARTS,
        "members.member": CONTENT,
        "members.membership": PARTS,
        "news.article": CONTENT,
        "news.category": CONTENT,
        "events.event": CONTENT,
        "events.person": CONTENT,
        "events.session": PARTS,
        "events.speaker": PARTS,
        "events.recording": PARTS,
        "events.recordinglink": PARTS,
        "pages.page": CONTENT,
        "solutions.solution": CONTENT,
        "solutions.solutionresult": PARTS,
        "solutions.solutionlink": PARTS,
        "solutions.goal": ["view"],
        "solutions.target": ["view"],
        "submissions.profilesubmission": ["view"],
        "clusters.historicalcluster": HISTORY,
        "members.historicalmember": HISTORY,
        "news.historicalarticle": HISTORY,
        "events.historicalevent": HISTORY,
        "pages.historicalpage": HISTORY,
        "solutions.historicalsolution": HISTORY,
        "exchange.post": CONTENT,
        "exchange.historicalpost": HISTORY,
        "exchange.format": ["view"],
        "exchange.workinglanguage": ["view"],
        "exchange.interest": ["view"],
        "exchange.suggestion": ["view"],
        # Counts of subscribers per cluster and language; the addresses are for superusers only.
        "subscriptions.subscribercount": ["view"],
    },
    MODERATORS: {
        "submissions.profilesubmission": ["view", "change", "moderate"],
        "members.member": ["view"],
        "members.membership": ["view"],
        "clusters.cluster": ["view"],
        "clusters.clusterfigure": ["view"],
        "clusters.historicalcluster": ["view"],
        "members.historicalmember": ["view"],
        # Brokering the exchange: read posts, forward or decline interests, introduce or dismiss matches.
        "exchange.post": ["view"],
        "exchange.historicalpost": ["view"],
        "exchange.interest": ["view", "change"],
        "exchange.suggestion": ["view", "change"],
        "solutions.solution": ["view"],
        "solutions.historicalsolution": ["view"],
    },
}


def sync_groups(apps, using="default"):
    """Give each group exactly its permissions; permissions not created yet are skipped."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for label, actions in grants.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            wanted += Permission.objects.using(using).filter(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(wanted)


def group_addresses(group_name):
    """Email addresses of active members of a staff group and of superusers (who do every job)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(groups__name=group_name) | Q(is_superuser=True))
    return sorted(set(users.values_list("email", flat=True)))
