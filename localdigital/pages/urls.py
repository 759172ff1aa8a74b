from django.urls import path

from localdigital.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("open-data/", views.open_data, name="open-data"),
]
