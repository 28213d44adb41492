import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from articles.management.commands.loaddemo import ARTICLE_SLUG
from articles.models import Article, ArticleChart, Topic
from charts.models import Chart
from datasets.models import Dataset, DatasetVersion

pytestmark = pytest.mark.django_db


def counts():
    return (
        Dataset.objects.count(),
        Chart.objects.count(),
        Article.objects.count(),
        ArticleChart.objects.count(),
    )


def test_loaddemo_creates_the_published_demo_and_is_safe_to_run_twice():
    call_command("loaddemo", stdout=None)
    first = counts()
    article = Article.objects.get(slug=ARTICLE_SLUG)
    # The AI article's three datasets and charts, and the US states article (a map, a table).
    assert first == (4, 5, 2, 5)
    assert article in Article.objects.published()
    assert article.show_updated
    call_command("loaddemo")
    assert counts() == first
    assert Article.objects.get(slug=ARTICLE_SLUG).updated_at == article.updated_at


def test_demo_figures_come_from_the_facts_sheet():
    call_command("loaddemo")
    papers = Dataset.objects.get(slug="ai-research-collaboration-2021")
    assert papers.current_version.column_values("papers") == [9660, 3560]
    assert papers.licence == "CC-BY-ND-4.0"
    costs = Dataset.objects.get(slug="ai-training-cost-reported")
    assert costs.current_version.column_values("reported_cost_usd") == [
        6_000_000,
        60_000_000,
        600_000_000,
    ]
    compute = Dataset.objects.get(slug="ai-training-compute")
    assert compute.current_version.column_values("gpu_hours") == [2_788_000, 30_840_000]
    article = Article.objects.get(slug=ARTICLE_SLUG)
    assert article.published_at.strftime("%Y-%m-%d") == "2025-01-28"


def test_loaddemo_adds_a_version_when_a_demo_file_changed():
    call_command("loaddemo")
    dataset = Dataset.objects.get(slug="ai-training-compute")
    DatasetVersion.objects.filter(pk=dataset.current_version_id).update(checksum="stale")
    call_command("loaddemo")
    dataset.refresh_from_db()
    assert dataset.current_version.number == 2
    assert dataset.current_version.row_count == 2
    assert Chart.objects.get(dataset=dataset).version == dataset.current_version


def test_makeeditor_creates_a_staff_login_with_editor_permissions(capsys):
    call_command("makeeditor", password="a-chosen-password-1")
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff
    assert not user.is_superuser
    assert user.check_password("a-chosen-password-1")
    assert user.has_perm("articles.change_article")
    assert user.has_perm("datasets.add_dataset")
    assert not user.has_perm("articles.publish_article")
    assert not user.has_perm("auth.add_user")
    assert [g.name for g in user.groups.all()] == ["Editors"]
    assert "a-chosen-password-1" in capsys.readouterr().out
    call_command("makeeditor")  # again: a fresh password, still one user
    assert get_user_model().objects.filter(username="editor").count() == 1
    assert not get_user_model().objects.get(username="editor").check_password("a-chosen-password-1")


def test_demo_article_has_topics_an_author_page_and_a_share_image(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # drawn once committed
        call_command("loaddemo")
    article = Article.objects.get(slug=ARTICLE_SLUG)
    assert sorted(t.name for t in article.topics.all()) == ["AI", "China", "United States"]
    assert article.author.author_profile.slug == "data-desk"
    image = article.share_image.name
    assert image.startswith("share/")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo")  # the same picture: kept, not drawn into a new file
    assert Article.objects.get(slug=ARTICLE_SLUG).share_image.name == image
    assert Topic.objects.count() == 3


def test_makeeditor_makes_a_publisher_login_in_the_migrations_group():
    call_command("makeeditor", role="publisher", password="a-chosen-password-2")
    user = get_user_model().objects.get(username="publisher")
    assert user.has_perm("articles.publish_article")
    assert [g.name for g in user.groups.all()] == ["Publishers"]


def test_makeeditor_says_to_migrate_when_the_roles_are_missing():
    Group.objects.filter(name="Editors").delete()
    with pytest.raises(CommandError, match=r"run `manage\.py migrate` first"):
        call_command("makeeditor")
