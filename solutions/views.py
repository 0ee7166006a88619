from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from atlas.context import members_map
from clusters.models import Cluster, cluster_links
from core.aggregates import remember
from core.page_cache import cacheable
from core.paging import paginate
from events.models import Event
from members.models import Member
from news.models import Article

from .filters import SolutionFilter
from .models import Goal, Solution, Target

PER_PAGE = 12


def target_codes():
    """Every SDG target's code, for checking the `sdg` parameter; remembered (reference data)."""
    return remember("solutions.target-codes", lambda: list(Target.objects.values_list("code", flat=True)))


@cacheable
@require_safe
def solution_list(request):
    clusters = list(Cluster.objects.published().only("pk", "slug", "name", "short_name", "order"))
    goals = list(Goal.objects.all())
    library = SolutionFilter(
        request.GET,
        Solution.objects.for_cards().with_card_relations().order_by("-published_at", "-pk"),
        clusters=clusters,
        goals=goals,
        targets=target_codes(),
        request=request,
    )
    page_obj, context = paginate(request, library, PER_PAGE)
    facets = library.facets()
    context |= {
        "facets": facets,
        "facet_groups": library.facet_groups(facets),
        "solutions": page_obj.object_list,
        "goals": goals,
    }
    return render(request, "solutions/solution_list.html", context)


@cacheable
@require_safe
def solution_detail(request, slug):
    solution = get_object_or_404(Solution.objects.published().select_related("lead_member"), slug=slug)
    return render(request, "solutions/solution_detail.html", solution_context(solution))


def solution_context(solution):
    """What the solution's page shows (also its staff preview, solutions/admin.py)."""
    targets = list(Target.objects.filter(solutions=solution).select_related("goal").order_by("goal", "order"))
    goals = list({target.goal_id: target.goal for target in targets}.values())
    members = [solution.lead_member] if solution.lead_member.is_public else []
    partners = list(
        Member.objects.published()
        .filter(partner_solutions=solution)
        .only("name", "slug", "kind", "country", "locality", "latitude", "longitude")
    )
    involved = Member.objects.filter(pk__in=[member.pk for member in [*members, *partners]])
    return {
        "solution": solution,
        "lead_member": members[0] if members else None,
        "partners": partners,
        "countries": solution_countries(solution, [*members, *partners]),
        "places_map": members_map(involved, title=_("Map of the members of this good practice")),
        "targets": targets,
        "goals": goals,
        "clusters": cluster_links(Solution.clusters.through.objects.filter(solution=solution).values("cluster_id")),
        "results": list(solution.results.all()),
        "links": list(solution.links.all()),
        "articles": list(Article.objects.latest().filter(solutions=solution)[:6]),
        "events": list(Event.objects.published().filter(solutions=solution).order_by("-starts_at")[:6]),
    }


def solution_countries(solution, members):
    """The countries, once each in order of first mention: the members', then those added."""
    seen = {}
    for country in [*(member.country for member in members), *solution.extra_countries]:
        seen.setdefault(country.code, country)
    return list(seen.values())
