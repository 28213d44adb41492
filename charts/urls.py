from django.urls import path

from charts import views

app_name = "charts"
urlpatterns = [
    path("<int:pk>/data.csv", views.chart_csv, name="data"),
    path("<int:pk>/embed/", views.chart_embed, name="embed"),
]
