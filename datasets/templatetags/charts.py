from django import template

from datasets.charts import chart_config, plotted_table

register = template.Library()


@register.inclusion_tag("datasets/includes/chart.html")
def chart_figure(chart, heading_level=2):
    """A chart as a figure: canvas drawn by static/js/charts.js, data table, credits."""
    header, rows = plotted_table(chart)
    return {
        "chart": chart,
        "dataset": chart.dataset,
        "config": chart_config(chart),
        "config_id": f"chart-config-{chart.pk}",
        "header": header,
        "rows": rows,
        "heading": f"h{heading_level}",
    }
