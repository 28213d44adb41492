from datetime import date

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control

from articles import rendering
from articles import search as site_search
from articles.models import Article, ArticleRedirect, Author, PreviewLink, Topic
from articles.structured_data import news_article
from charts.rendering import ensure_rendered
from chartweek import visibility
from chartweek.pagecache import PAGINATED, cache_public_page
from chartweek.params import whole_number
from chartweek.site import absolute_url

RELATED_COUNT = 3


def paginate(request, queryset, *, allow_empty=True):
    """The requested page of `queryset`; 404 for a page that does not exist."""
    paginator = Paginator(queryset, settings.ARTICLES_PER_PAGE, allow_empty_first_page=allow_empty)
    number = whole_number(request.GET.get("page") or "1")
    if number is None:  # not a page number
        raise Http404("No such page.")
    try:
        return paginator.page(number)
    except InvalidPage:  # past the last page
        raise Http404("No such page.") from None


def _listed():
    """Published articles as lists show them: newest first, with the byline's author."""
    return visibility.articles().select_related("author__author_profile").order_by("-published_at")


@cache_public_page(params=PAGINATED)
def home(request):
    """The latest article as the lead, with its first chart, then the archive."""
    page = paginate(request, _listed())
    items = list(page.object_list)
    lead = items.pop(0) if page.number == 1 and items else None
    lead_chart = None
    if lead:
        # The chart's figure from its stored fragments (charts/rendering.py).
        placement = (
            lead.placements.select_related("chart__dataset", "chart__version", "chart__rendered")
            .defer("chart__rendered__plotted")
            .first()
        )
        lead_chart = placement.chart if placement else None
        if lead_chart:
            ensure_rendered(lead_chart)
    return render(
        request,
        "articles/home.html",
        {"page": page, "lead": lead, "lead_chart": lead_chart, "articles": items},
    )


def _unpublished(response):
    """Headers for a page readers may not see yet: never stored by a cache, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _article_page(request, article, **extra):
    # The body, its charts' figures and its topics as stored when the article or
    # anything it shows last changed (articles/rendering.py): no query, no per-row work.
    stored = rendering.fresh_rendering(article)
    topic_ids = [topic["id"] for topic in stored.topics]
    related = (
        visibility.articles()
        .related_to(article, topic_ids=topic_ids)
        .select_related("author")[:RELATED_COUNT]
    )
    context = {
        "article": article,
        "related": related,
        "json_ld": news_article(
            article, request=request, keywords=[topic["name"] for topic in stored.topics]
        ),
        **rendering.page_context(stored),
        **extra,
    }
    return render(request, "articles/detail.html", context)


@cache_public_page
def detail(request, slug):
    articles, _ = visibility.for_user(Article.objects.all(), request.user)
    article = rendering.with_page_data(articles).filter(slug=slug).first()
    if article is None:
        # An address the article had before its slug changed: a permanent redirect.
        moved = get_object_or_404(
            ArticleRedirect.objects.select_related("article"), old_slug=slug, article__in=articles
        )
        return redirect(moved.article, permanent=True)
    response = _article_page(request, article)
    # An editor's view of a draft or a scheduled article.
    return response if article.is_public else _unpublished(response)


def preview(request, token):
    """A reviewer's view of an unpublished article through a share link; no login needed."""
    link = get_object_or_404(PreviewLink.objects.active(), token=token)
    article = get_object_or_404(rendering.with_page_data(Article.objects.all()), pk=link.article_id)
    if article.is_public:
        return redirect(article)  # nothing secret any more: the real page
    response = _article_page(request, article, share_link=link)
    # The token is in the address: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return _unpublished(response)


def share_image(request, slug):
    """The article's share card (PNG): for readers only once the article is public."""
    articles, _ = visibility.for_user(Article.objects.all(), request.user)
    article = get_object_or_404(articles, slug=slug)
    name = article.share_image.name
    if not name or not default_storage.exists(name):
        raise Http404("This article has no share image yet.")
    response = FileResponse(default_storage.open(name), content_type="image/png")
    if article.is_public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@cache_public_page
def archive(request):
    """Every month with articles, newest first, with how many each has."""
    months = (
        visibility.articles()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return render(request, "articles/archive.html", {"months": months})


@cache_public_page(params=PAGINATED)
def archive_month(request, year, month):
    if not 1 <= year <= 9999:
        raise Http404("No such month.")
    articles = _listed().in_month(year, month)
    page = paginate(request, articles, allow_empty=False)
    context = {"page": page, "articles": page.object_list, "month": date(year, month, 1)}
    return render(request, "articles/archive_month.html", context)


@cache_public_page
def topic_list(request):
    published = Q(articles__in=visibility.articles())
    topics = visibility.public(Topic.objects.all()).annotate(
        count=Count("articles", filter=published)
    )
    return render(request, "articles/topic_list.html", {"topics": topics})


@cache_public_page(params=PAGINATED)
def topic(request, slug):
    topics, _ = visibility.for_user(Topic.objects.all(), request.user)
    topic = get_object_or_404(topics, slug=slug)
    page = paginate(request, _listed().filter(topics=topic))
    context = {"topic": topic, "page": page, "articles": page.object_list}
    return render(request, "articles/topic.html", context)


@cache_public_page(params=PAGINATED)
def author(request, slug):
    authors, _ = visibility.for_user(Author.objects.select_related("user"), request.user)
    author = get_object_or_404(authors, slug=slug)
    page = paginate(request, _listed().filter(author=author.user_id))
    context = {"author": author, "page": page, "articles": page.object_list}
    return render(request, "articles/author.html", context)


DATASET_RESULTS = 10


def search(request):
    """Published articles (paginated) and datasets (the best few) matching `q`."""
    query = site_search.clean_query(request.GET.get("q"))
    page, datasets = None, []
    if query:
        found = visibility.articles().search(query).select_related("author")
        page = paginate(request, found)
        site_search.add_headlines(page.object_list, query, field="body")
        if page.number == 1:
            datasets = site_search.search(
                visibility.datasets(),
                query,
                weights={"title": "A", "description": "B", "source_name": "C"},
                headline_field="description",
            )[:DATASET_RESULTS]
            datasets = site_search.add_headlines(list(datasets), query, field="description")
    context = {"query": query, "page": page, "datasets": datasets}
    return render(request, "articles/search.html", context)


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
