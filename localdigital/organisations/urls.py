from django.urls import path

from localdigital.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<str:identifier>/", views.organisation_detail, name="detail"),
]
