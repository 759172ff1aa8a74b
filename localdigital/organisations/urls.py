from django.urls import path

from localdigital.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("request-access/", views.request_access, name="request-access"),
    path("request-access/sent/", views.request_access_sent, name="request-access-sent"),
    path("<str:identifier>/", views.organisation_detail, name="detail"),
]
