from django.urls import path

from localdigital.fund import views

app_name = "fund"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("360giving.json", views.grants_json, name="360giving-json"),
    path("360giving.csv", views.grants_csv, name="360giving-csv"),
    path("<slug:slug>/", views.round_detail, name="round"),
]
