from articles.models import Topic


def navigation(request):
    """Topics for the header. A lazy queryset: only pages that show the header query it."""
    return {"nav_topics": Topic.objects.published()[:8]}
