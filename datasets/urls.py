from django.urls import path

from datasets import views

app_name = "datasets"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/data.csv", views.download_csv, name="download"),
    path("charts/<int:pk>/data.csv", views.chart_csv, name="chart-data"),
    path("charts/<int:pk>/embed/", views.chart_embed, name="chart-embed"),
]
