from django.urls import path

from localdigital.pages import accessibility, dashboard, feedback, security, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<slug:name>.svg", dashboard.chart_svg, name="chart-svg"),
    path("dashboard/<slug:name>.csv", dashboard.chart_csv, name="chart-csv"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", accessibility.statement, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("open-data/", views.open_data, name="open-data"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/sent/", feedback.feedback_sent, name="feedback-sent"),
    path(".well-known/security.txt", security.security_txt, name="security-txt"),
]
