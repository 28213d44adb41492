from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control

from articles.models import Article, ArticleChart
from chartweek.access import can_preview
from datasets.models import DatasetRow


def home(request):
    """The latest article as the lead, then the archive, newest first."""
    articles = Article.objects.published().select_related("author").order_by("-published_at")
    paginator = Paginator(articles, settings.ARTICLES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page of articles.") from None
    items = list(page.object_list)
    lead = items.pop(0) if page.number == 1 and items else None
    return render(request, "articles/home.html", {"page": page, "lead": lead, "articles": items})


def detail(request, slug):
    placements = ArticleChart.objects.select_related("chart__dataset", "chart__version")
    rows = DatasetRow.objects.order_by("number")
    articles = Article.objects.select_related("author").prefetch_related(
        Prefetch("placements", queryset=placements),
        Prefetch("placements__chart__version__rows", queryset=rows),
    )
    preview = can_preview(request.user, Article)
    if not preview:
        articles = articles.published()
    article = get_object_or_404(articles, slug=slug)
    response = render(request, "articles/detail.html", {"article": article})
    if not article.is_public:
        # An editor's view of a draft: never stored by a cache, never indexed.
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response
