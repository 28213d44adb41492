"""The workflow buttons on an article's own page, and the article list, in Chromium.

An editor finds the article list readable (titles on a line or two, not towers),
submits a ready draft with the button on its page and sees one wording for where
it stands, on the page and in the list; a publisher then publishes it with the
button, and may unpublish it.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from tests.e2e.conftest import PASSWORD, sign_in
from tests.factories import make_article, make_chart, make_editor, make_publisher

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLES = [
    "Chinese open-weight models now lead the download charts on Hugging Face",
    "Hurricanes and engineers: which states have the most of each, per million people",
    "US employment by sector since 2000: construction recovers, manufacturing does not",
    "Seattle's weather in four years: more sun than its reputation, and less rain",
]


def newsroom():
    """Articles in each state, with long titles as newsrooms write them."""
    author = make_editor(username="desk", password=PASSWORD, first_name="Ada")
    make_publisher(username="chief", password=PASSWORD)
    now = timezone.now()
    make_article(title=TITLES[0], author=author, charts=[make_chart()])
    make_article(title=TITLES[1], author=author, published_at=now + timedelta(days=1))
    make_article(title=TITLES[2], author=author, published=False, submitted_at=now)
    return make_article(title=TITLES[3], author=author, published=False, charts=[make_chart()])


def title_cell_width(page, title):
    return page.locator("#result_list th.field-title", has_text=title).bounding_box()["width"]


def right_edge(page, selector):
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_article_list_reads_at_1280_and_360(open_page, live_server, artifacts_dir, scheme):
    newsroom()
    changelist = live_server.url + reverse("admin:articles_article_changelist")
    wide = sign_in(open_page(1280, color_scheme=scheme), live_server, "desk")
    wide.goto(changelist)
    # A title gets a column wide enough for a few words a line, not one, and every
    # column fits beside both sidebars: nothing is cut off or scrolled out of view.
    assert title_cell_width(wide, TITLES[0]) >= 240
    assert right_edge(wide, "#result_list th.column-updated") <= right_edge(wide, ".results")
    assert wide.locator("#result_list td.field-state", has_text="Waiting for a publisher").count()
    wide.screenshot(path=artifacts_dir / f"workflow-list-1280-{scheme}.png", full_page=True)

    narrow = sign_in(open_page(360, color_scheme=scheme), live_server, "desk")
    narrow.goto(changelist)
    assert title_cell_width(narrow, TITLES[0]) >= 150
    narrow.screenshot(path=artifacts_dir / f"workflow-list-360-{scheme}.png", full_page=True)
    assert wide.problems == []
    assert narrow.problems == []


def test_an_editor_submits_with_the_button_then_a_publisher_publishes(
    open_page, live_server, artifacts_dir
):
    draft = newsroom()
    change = live_server.url + reverse("admin:articles_article_change", args=[draft.pk])

    editor = sign_in(open_page(1280, color_scheme="dark"), live_server, "desk")
    editor.goto(change)
    workflow = editor.locator(".chartweek-workflow")
    assert workflow.locator("h2").inner_text() == "State: Draft"
    assert workflow.get_by_role("button", name="Publish now").count() == 0
    editor.screenshot(path=artifacts_dir / "workflow-buttons-editor-dark.png", full_page=True)
    workflow.get_by_role("button", name="Submit for publication").click()
    editor.wait_for_selector(".messagelist .success")
    assert "it is now “Waiting for a publisher”" in editor.locator(".messagelist").inner_text()
    # The page and the list say the same thing of it.
    assert editor.locator(".chartweek-workflow h2").inner_text() == (
        "State: Waiting for a publisher"
    )
    assert "Draft" not in editor.locator(".chartweek-workflow").inner_text()
    editor.goto(live_server.url + reverse("admin:articles_article_changelist"))
    row = editor.locator("#result_list tr", has_text=TITLES[3])
    assert row.locator("td.field-state").inner_text() == "Waiting for a publisher"

    publisher = sign_in(open_page(360), live_server, "chief")
    publisher.goto(change)
    workflow = publisher.locator(".chartweek-workflow")
    assert workflow.locator("h2").inner_text() == "State: Waiting for a publisher"
    chosen = publisher.locator("#id_status option:checked").inner_text()
    assert chosen == "Waiting for a publisher"
    publisher.screenshot(path=artifacts_dir / "workflow-buttons-publisher-360.png", full_page=True)
    workflow.get_by_role("button", name="Publish now").click()
    publisher.wait_for_selector(".messagelist .success")
    assert publisher.locator(".chartweek-workflow h2").inner_text() == "State: Published"
    assert Article.objects.published().filter(pk=draft.pk).exists()

    publisher.locator(".chartweek-workflow").get_by_role("button", name="Unpublish").click()
    publisher.wait_for_selector(".messagelist .success")
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT
    publisher.screenshot(path=artifacts_dir / "workflow-buttons-unpublished.png", full_page=True)
    assert editor.problems == []
    assert publisher.problems == []
