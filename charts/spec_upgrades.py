"""One step per stored spec version: a version-N document as version N+1.

`charts.spec.migrate` runs them in turn; each is a plain function of the JSON
document, so an old chart reads as the current spec without touching the database.
"""


def _v1_to_v2(old: dict) -> dict:
    """Version 1 was the dict Chart.spec() built from the model's columns.

    It named the type "type" and a series' kind "as", carried the dataset's slug
    (a relation, not the drawing) and the title (the chart's own column).
    """
    document = {k: v for k, v in old.items() if k not in ("version", "type", "dataset")}
    document["schema_version"] = 2
    if "type" in old:
        document["chart_type"] = old["type"]
    if isinstance(old.get("series"), list):
        document["series"] = [
            {"column": s.get("column"), "kind": s.get("as")} if isinstance(s, dict) else s
            for s in old["series"]
        ]
    if isinstance(old.get("texts"), dict):
        texts = dict(old["texts"])
        texts.pop("title", None)
        texts.setdefault("alt", "")
        document["texts"] = texts
    return document


def _v2_to_v3(old: dict) -> dict:
    """Version 2 highlighted one label (a string or null); version 3 a list of them."""
    document = {**old, "schema_version": 3}
    highlight = old.get("highlight")
    if highlight is None:
        document["highlight"] = []
    elif isinstance(highlight, str):
        document["highlight"] = [highlight]
    return document  # anything else is left for validation to refuse


UPGRADES = {1: _v1_to_v2, 2: _v2_to_v3}
