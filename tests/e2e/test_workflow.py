"""The editorial workflow in Chromium, through the real admin, person by person.

An editor uploads data (told on the dataset form that its licence forbids the
download, the file kept meanwhile), builds a chart, writes an article and is
refused by the publication gate (its "Other" licence is not named; the refusal
links to the dataset) until that is fixed; a publisher schedules it;
a reader gets 404 until the time comes (the clock is moved with time-machine,
which the live server's thread sees too), then the page and the data; the
editor revises the article and restores the earlier words.
"""

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PreviewLink
from tests.e2e.conftest import PASSWORD, build_chart_in_admin, person
from tests.factories import make_article, make_chart, make_editor, make_publisher

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = 'country,exports\nFrance,"1,234.5"\nSpain,980\n'


def run_page_action(page, action):
    page.select_option("select[name='CHANGE_FORM-action']", action)
    page.locator(".actions button[type=submit]").first.click()
    page.wait_for_load_state()


def pick_chart(page, row, title):
    """Choose a chart in the article's autocomplete (select2) box, as an editor does."""
    page.locator(f"#placements-{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(title[:6])
    page.locator(".select2-results__option", has_text=title).click()


def status(page, url):
    return page.request.get(url, max_redirects=0).status


def test_from_upload_to_scheduled_publication_then_revision(
    browser, live_server, tmp_path, artifacts_dir
):
    make_editor(username="desk", password=PASSWORD)
    make_publisher(username="chief", password=PASSWORD)
    editor = person(browser, live_server, "desk")
    admin = live_server.url + "/admin/"

    # The editor uploads a CSV, choosing the wrong licence for data we offer.
    csv_file = tmp_path / "exports.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    editor.goto(live_server.url + reverse("admin:datasets_dataset_add"))
    editor.locator("#id_title").press_sequentially("Exports by country")
    editor.fill("#id_source_name", "A statistics office")
    editor.select_option("#id_licence", "all-rights-reserved")
    editor.set_input_files("#id_upload", str(csv_file))
    editor.click("input[name=_continue]")

    # ...is told at once, beside the setting, and the file is kept for the next try...
    error = editor.locator(".field-redistributable .errorlist").inner_text()
    assert "“All rights reserved”" in error
    kept = editor.locator(".field-upload").inner_text()
    assert "Kept from your last try: exports.csv" in kept
    editor.screenshot(path=artifacts_dir / "workflow-licence-on-the-form.png", full_page=True)
    editor.select_option("#id_licence", "other")  # …with no word of which licence
    editor.click("input[name=_continue]")  # no file chosen again
    editor.wait_for_selector(".chartweek-preview")

    # ...builds a chart and sees it drawn...
    build_chart_in_admin(
        editor,
        title="France exports most",
        label="country",
        value="exports",
        alt_text="France exports more than Spain.",
    )

    # ...writes the article and previews it as readers will see it...
    editor.goto(live_server.url + reverse("admin:articles_article_add"))
    editor.locator("#id_title").press_sequentially("France leads on exports")
    editor.fill("#id_standfirst", "One country sells more than the other.")
    editor.fill("#id_body", "The first words.\n\n[chart 1]")
    pick_chart(editor, 0, "France exports most")
    editor.click("input[name=_continue]")
    editor.wait_for_selector("text=Preview it as readers will see it")
    article = Article.objects.get(slug="france-leads-on-exports")
    assert editor.locator("#id_status").count() == 0  # publishing is not an editor's
    editor.goto(live_server.url + article.get_absolute_url())
    assert "readers cannot see this article" in editor.locator(".banner").inner_text()
    editor.wait_for_selector(".chart__canvas--drawn")

    # ...asks for publication and is refused, with the list of what is missing.
    editor.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    run_page_action(editor, "submit_for_publication")
    refusal = editor.locator(".messagelist .error").inner_text()
    assert "was not submitted. Fix these first:" in refusal
    assert "its licence is “Other”; say which licence in the attribution." in refusal
    editor.screenshot(path=artifacts_dir / "workflow-gate-refusal.png", full_page=True)

    # The refusal links to the dataset; the editor names the licence there...
    editor.locator(".messagelist").get_by_role("link", name="Open “Exports by country”").click()
    editor.fill("#id_attribution", "Open Government Licence v3.0")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")
    # ...and the submission goes through.
    editor.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    assert "Yes: nothing is missing." in editor.locator(".field-checklist").inner_text()
    run_page_action(editor, "submit_for_publication")
    assert "a publisher will take it from here" in editor.locator(".messagelist").inner_text()

    # A publisher finds it waiting and schedules it for nine tomorrow morning.
    publisher = person(browser, live_server, "chief")
    publisher.goto(admin + "articles/article/?state=submitted")
    publisher.click("text=France leads on exports")
    when = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), time(9, 0))
    )
    publisher.select_option("#id_status", "published")
    publisher.fill("#id_published_at_0", when.strftime("%d/%m/%Y"))
    publisher.fill("#id_published_at_1", "09:00:00")
    publisher.click("input[name=_save]")
    publisher.wait_for_selector(".messagelist .success")
    publisher.goto(admin + "articles/article/?state=scheduled")
    assert "France leads on exports" in publisher.locator("#result_list").inner_text()
    article.refresh_from_db()
    assert article.published_at == when

    # Before the time, a reader finds nothing: not the page, not the data.
    reader = person(browser, live_server)
    page_url = live_server.url + article.get_absolute_url()
    chart = article.placements.get().chart
    download = live_server.url + reverse("datasets:download", args=[chart.dataset.slug])
    assert status(reader, page_url) == 404
    assert status(reader, download) == 404
    assert status(reader, download + "?version=1") == 404
    reader.goto(live_server.url + reverse("articles:home"))
    assert "France leads on exports" not in reader.content()

    with time_machine.travel(when + timedelta(minutes=1)):
        # At the time, the page and its data are there together.
        response = reader.goto(page_url)
        assert response.status == 200
        reader.wait_for_selector(".chart__canvas--drawn")
        with reader.expect_download() as info:
            reader.locator("a.chart__download").click()
        rows = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
        assert rows == ["country,exports", "France,1234.5", "Spain,980"]
        assert reader.problems == []

        # The editor revises the words, then thinks better of it and restores them.
        editor.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
        editor.fill("#id_body", "Second thoughts.\n\n[chart 1]")
        editor.click("input[name=_continue]")
        editor.wait_for_selector(".messagelist .success")
        reader.goto(page_url)
        assert "Second thoughts." in reader.locator(".article__body").inner_text()

        editor.click("a.historylink")
        editor.click("text=Compare the two chosen revisions")
        assert editor.locator(".field-body del, tr del", has_text="The first words.").count()
        assert editor.locator("tr ins", has_text="Second thoughts.").count()
        editor.screenshot(path=artifacts_dir / "workflow-compare.png", full_page=True)
        editor.click("input[value='Restore the older revision']")
        editor.wait_for_selector(".messagelist .success")
        assert "Restored the revision of" in editor.locator(".messagelist").inner_text()
        reader.goto(page_url)
        assert "The first words." in reader.locator(".article__body").inner_text()
        assert Article.objects.published().filter(pk=article.pk).exists()
    for page in (editor, publisher, reader):
        page.context.close()


def test_a_reviewer_opens_a_share_link_until_the_editor_revokes_it(
    browser, live_server, artifacts_dir
):
    make_editor(username="desk", password=PASSWORD)
    draft = make_article(title="Under review", published=False, charts=[make_chart()])
    editor = person(browser, live_server, "desk")
    change = live_server.url + reverse("admin:articles_article_change", args=[draft.pk])
    editor.goto(change)
    editor.click("text=Add another share link for reviewers")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")
    link = PreviewLink.objects.get(article=draft)
    assert editor.locator(f"a[href='{link.get_absolute_url()}']").count() == 1

    reviewer = person(browser, live_server)
    response = reviewer.goto(live_server.url + link.get_absolute_url())
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert "Under review" in reviewer.locator("h1").inner_text()
    assert "This preview link works until" in reviewer.locator(".banner").inner_text()
    reviewer.wait_for_selector(".chart__canvas--drawn")
    reviewer.screenshot(path=artifacts_dir / "workflow-share-link.png", full_page=True)

    editor.check("input[name='preview_links-0-revoke']")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")
    assert "Revoked" in editor.locator(".field-link_state").first.inner_text()
    assert reviewer.goto(live_server.url + link.get_absolute_url()).status == 404
    for page in (editor, reviewer):
        page.context.close()
