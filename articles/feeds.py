"""RSS 2.0 and Atom feeds of published articles: the whole site, and one per topic."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Topic
from chartweek import visibility
from chartweek.site import absolute_url

FEED_LENGTH = 20


class LatestArticles(Feed):
    """The latest published articles, newest first (RSS 2.0)."""

    url_name = "articles:feed"

    def title(self):
        return f"{settings.SITE_NAME}: the chart of the week"

    def description(self):
        return "Data journalism, one chart at a time."

    def subtitle(self):
        return self.description()

    def link(self):
        return absolute_url(reverse("articles:home"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def articles(self):
        return (
            visibility.articles()
            .select_related("author")
            .prefetch_related("topics")
            .order_by("-published_at")
        )

    def items(self):
        return self.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers take the description (RSS) and summary (Atom) as HTML: the
        # standfirst is plain text, so it is escaped once here and once by the XML.
        return escape(item.standfirst)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)

    def item_author_name(self, item):
        return item.byline

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestArticlesAtom(LatestArticles):
    feed_type = Atom1Feed
    url_name = "articles:feed-atom"


class TopicArticles(LatestArticles):
    """The latest published articles on one public topic."""

    url_name = "articles:topic-feed"

    def get_object(self, request, slug):
        return get_object_or_404(visibility.public(Topic.objects.all()), slug=slug)

    def title(self, topic):  # type: ignore[override]  # Feed passes get_object()'s topic
        return f"{settings.SITE_NAME}: {topic.name}"

    def description(self, topic):  # type: ignore[override]  # Feed passes get_object()'s topic
        return topic.description or f"Charts of the week about {topic.name}."

    def subtitle(self, topic):  # type: ignore[override]  # Feed passes get_object()'s topic
        return self.description(topic)

    def link(self, topic):  # type: ignore[override]  # Feed passes get_object()'s topic
        return absolute_url(topic.get_absolute_url())

    def feed_url(self, topic):  # type: ignore[override]  # Feed passes get_object()'s topic
        return absolute_url(reverse(self.url_name, kwargs={"slug": topic.slug}))

    def items(self, topic):  # type: ignore[override]  # Feed passes get_object()'s topic
        return self.articles().filter(topics=topic)[:FEED_LENGTH]


class TopicArticlesAtom(TopicArticles):
    feed_type = Atom1Feed
    url_name = "articles:topic-feed-atom"
