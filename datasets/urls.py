from django.urls import path

from datasets import views

app_name = "datasets"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/data.csv", views.download_csv, name="download"),
]
