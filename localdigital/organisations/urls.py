from django.urls import path

from localdigital.organisations import views

app_name = "organisations"

# The organisation's own page (organisations:detail) shows other domains' data: localdigital.urls adds it
# from localdigital.pages.organisation, after these.

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("request-access/", views.request_access, name="request-access"),
    path("request-access/sent/", views.request_access_sent, name="request-access-sent"),
]
