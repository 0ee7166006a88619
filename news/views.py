from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clusters.models import Cluster
from core.aggregates import remember
from core.filtering import with_chosen_year
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
    filterset = ArticleFilter(
        request.GET, Article.objects.latest().for_cards(), clusters=clusters, categories=categories
    )
    page_obj, context = paginate(request, filterset, PER_PAGE)
    years = with_chosen_year(remember("news.years", Article.objects.published_years), filterset)
    context |= {"articles": page_obj.object_list, "clusters": clusters, "categories": categories, "years": years}
    return render(request, "news/article_list.html", context)


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
