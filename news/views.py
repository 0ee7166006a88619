from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clusters.models import Cluster
from core.aggregates import filtered_count, remember
from core.filtering import active_filters, notices_for
from core.page_cache import cacheable
from core.paging import paginate

from .filters import ArticleFilter
from .lists import remembered_articles
from .models import Article, Category

PER_PAGE = 12
RELATED_COUNT = 3


@cacheable
@require_safe
def article_list(request):
    clusters = list(Cluster.objects.published().only("name", "short_name", "slug", "order"))
    categories = list(Category.objects.all())
    years = remember("news.years", Article.objects.published_years)
    filterset = ArticleFilter(
        request.GET, Article.objects.latest().for_cards(), clusters=clusters, categories=categories
    )
    page_obj, page_notice = paginate(request, filterset.qs, PER_PAGE, count=filtered_count("news.count", filterset))
    notices = notices_for(filterset) + ([page_notice] if page_notice else [])
    active = active_filters(
        filterset,
        labels={"cluster": {c.slug: c.short_name for c in clusters}, "category": {c.slug: c.name for c in categories}},
    )
    values = {name: filterset.form.cleaned_data.get(name) or "" for name in filterset.filters}
    if values["year"] and values["year"] not in years:  # a valid year with nothing in it stays selected
        years = sorted([*years, values["year"]], reverse=True)
    return render(
        request,
        "news/article_list.html",
        {
            "page_obj": page_obj,
            "articles": page_obj.object_list,
            "clusters": clusters,
            "categories": categories,
            "years": years,
            "values": values,
            "active_filters": active,
            "notices": notices,
        },
    )


@cacheable
@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return render(request, "news/article_detail.html", article_context(article))


def article_context(article):
    """What the article's page shows (also its staff preview, news/admin.py)."""
    relations = article.page_relations()
    # Which articles are related is remembered per content generation (docs/architecture.md):
    # finding them walks every article of the same clusters and categories.
    related = remembered_articles(
        "news.related",
        lambda: Article.objects.related_to(
            article,
            cluster_ids=[cluster.pk for cluster in relations["clusters"]],
            category_ids=[category.pk for category in relations["categories"]],
        )[:RELATED_COUNT],
        article.pk,
    )
    return {"article": article, "related_articles": related, **relations}
