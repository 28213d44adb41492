import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_under_the_csp_from_our_own_files(page, live_server, artifacts_dir):
    response = page.goto(live_server.url + reverse("api:docs"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert "/api/v1/datasets/{slug}/rows/" in [p.replace("\u200b", "") for p in paths]
    assert page.locator(".info .title").first.text_content().startswith("chartweek API")
    assert page.problems == []  # no CSP refusals, no failed requests, no script errors
    assert all(url.startswith(live_server.url) for url in page.requests), page.requests
    page.screenshot(path=artifacts_dir / "api-docs.png")


def test_a_json_answer_opens_in_the_browser(page, live_server, artifacts_dir):
    call_command("loaddemo")
    url = live_server.url + reverse("api:dataset-detail", args=["ai-research-collaboration-2021"])
    response = page.goto(url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/json"
    assert "Cross-country collaboration in AI publications" in page.content()
    assert page.problems == []
    page.screenshot(path=artifacts_dir / "api-dataset-json.png")
