from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Article


@require_safe
def article_list(request):
    paginator = Paginator(Article.objects.latest().prefetch_related("clusters", "categories"), 12)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "news/article_list.html", {"page_obj": page_obj, "articles": page_obj.object_list})


@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().prefetch_related("clusters", "categories"), slug=slug)
    return render(request, "news/article_detail.html", {"article": article})
