"""schema.org Dataset JSON-LD, for dataset search engines (Google Dataset Search and others)."""

from django.conf import settings
from django.urls import reverse

from chartweek.site import absolute_url


def dataset_json_ld(dataset, *, columns, updated_at, request):
    """The dataset as schema.org JSON-LD; `columns` are the reader's version's (visibility)."""
    url = absolute_url(dataset.get_absolute_url(), request)
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description or dataset.title,
        "url": url,
        "creator": {"@type": "Organization", "name": dataset.source_name},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "license": dataset.licence_url or dataset.get_licence_display(),
        "isAccessibleForFree": True,
        "variableMeasured": [column["name"] for column in columns],
        "dateModified": updated_at.isoformat(),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": absolute_url(
                    reverse("datasets:download", kwargs={"slug": dataset.slug}), request
                ),
            }
        ],
    }
    if dataset.source_url:
        data["isBasedOn"] = dataset.source_url
    if dataset.attribution:
        data["creditText"] = dataset.attribution
    return data
