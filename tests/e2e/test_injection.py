"""Script injection: a payload in every text an editor or an uploaded file can set
runs nowhere, in Chromium, and still shows as text.

The payload tries a script element, an event handler and a javascript: link; if
any of them ran, window.__pwned would be set. A Content Security Policy report
in the console would also mean markup got through escaping (the CSP then only
caught it), so that fails the test too.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Author
from tests.factories import make_article, make_chart, make_dataset, make_topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

P = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>"
PAYLOAD_CSV = (
    f'"{P}","papers {P}"\n"{P} row",9660\n"=HYPERLINK(""javascript:window.__pwned=1"")",3560\n'
).encode()
URL_PAYLOAD = "javascript:window.__pwned=1"


@pytest.fixture
def hostile_site():
    user = get_user_model().objects.create_user(
        username="hostile", first_name=P, last_name=P, password="irrelevant-password"
    )
    dataset = make_dataset(
        content=PAYLOAD_CSV,
        title=f"Data {P}",
        description=P,
        source_name=P,
        attribution=P,
        temporal_coverage=P,
    )
    label, value = dataset.column_names()
    chart = make_chart(
        dataset=dataset,
        title=f"Chart {P}",
        subtitle=P,
        label_column=label,
        value_columns=[value],
        unit=P[:40],
        notes=P,
        alt_text=P,
        source_line=P,
        headline_value=P[:40],
        headline_label=P,
        headline_source=P,
    )
    topic = make_topic(name=f"Topic {P}"[:80], description=P)
    article = make_article(
        title=f"Story {P}",
        standfirst=P,
        author=user,
        charts=[chart],
        topics=[topic],
        body=f"{P}\n\n[link]({URL_PAYLOAD})\n\n[chart 1]\n\n<b onmouseover=window.__pwned=1>x</b>",
    )
    Author.objects.filter(user=user).update(bio=P)
    return {"article": article, "dataset": dataset, "chart": chart, "topic": topic}


def reader_urls(site):
    article, dataset, topic = site["article"], site["dataset"], site["topic"]
    author = Author.objects.get(user=article.author)
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:archive"),
        reverse("articles:topic", args=[topic.slug]),
        reverse("articles:author", args=[author.slug]),
        reverse("articles:search") + "?q=Story",
        reverse("datasets:detail", args=[dataset.slug]),
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        "/sitemap.xml",
    ]


def admin_urls(site):
    article, dataset, chart, topic = (site[k] for k in ("article", "dataset", "chart", "topic"))
    return [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_topic_change", args=[topic.pk]),
        reverse("admin:datasets_dataset_changelist"),
        reverse("admin:datasets_dataset_change", args=[dataset.pk]),
        reverse("admin:charts_chart_changelist"),
        reverse("admin:charts_chart_change", args=[chart.pk]),
    ]


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    # Hover everything once: handlers such as onmouseover would fire, and
    # dispatchEvent runs them before it returns, so the check can follow at once.
    page.evaluate(
        "document.querySelectorAll('body *').forEach(e => "
        "{ e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); })"
    )
    assert page.evaluate("window.__pwned") is None, url
    csp = [p for p in page.problems if "Content Security Policy" in p]
    if page.evaluate("document.contentType").endswith("xml"):
        # Chromium's own XML viewer styles the tree inline, which our CSP refuses.
        csp = [p for p in csp if not p.startswith("Applying inline style")]
    assert not csp, (url, csp)
    page.problems.clear()


def test_no_injected_script_runs_on_any_public_page(page, live_server, hostile_site):
    for path in reader_urls(hostile_site):
        visit(page, live_server.url + path)
    page.goto(live_server.url + hostile_site["article"].get_absolute_url())
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned=1</script>" in text  # shown as text, not run
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert not [href for href in links if href.startswith("javascript:")]


def test_no_injected_script_runs_in_the_admin(page, live_server, hostile_site):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "root-password-1")
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", admin.username)
    page.fill("#id_password", "root-password-1")
    page.click("input[type=submit]")
    for path in admin_urls(hostile_site):
        visit(page, live_server.url + path)
    page.goto(
        live_server.url
        + reverse("admin:datasets_dataset_change", args=[hostile_site["dataset"].pk])
    )
    assert "<script>window.__pwned=1</script>" in page.locator(".chartweek-preview").inner_text()
