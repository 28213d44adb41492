from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control

from articles.models import Article, ArticleChart, ArticleRedirect, PreviewLink
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


def _with_page_data(articles):
    """`articles` with everything their page draws: author, charts, datasets, versions, rows."""
    placements = ArticleChart.objects.select_related("chart__dataset", "chart__version")
    rows = DatasetRow.objects.order_by("number")
    return articles.select_related("author").prefetch_related(
        Prefetch("placements", queryset=placements),
        Prefetch("placements__chart__version__rows", queryset=rows),
    )


def _unpublished(response):
    """Headers for a page readers may not see yet: never stored by a cache, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def detail(request, slug):
    articles = Article.objects.all()
    if not can_preview(request.user, Article):
        articles = articles.published()
    article = _with_page_data(articles).filter(slug=slug).first()
    if article is None:
        # An address the article had before its slug changed: a permanent redirect.
        moved = get_object_or_404(
            ArticleRedirect.objects.select_related("article"), old_slug=slug, article__in=articles
        )
        return redirect(moved.article, permanent=True)
    response = render(request, "articles/detail.html", {"article": article})
    # An editor's view of a draft or a scheduled article.
    return response if article.is_public else _unpublished(response)


def preview(request, token):
    """A reviewer's view of an unpublished article through a share link; no login needed."""
    link = get_object_or_404(PreviewLink.objects.active(), token=token)
    article = get_object_or_404(_with_page_data(Article.objects.all()), pk=link.article_id)
    if article.is_public:
        return redirect(article)  # nothing secret any more: the real page
    response = render(request, "articles/detail.html", {"article": article, "share_link": link})
    # The token is in the address: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return _unpublished(response)
