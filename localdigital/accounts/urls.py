from django.urls import path

from localdigital.accounts import views

app_name = "accounts"

# The account page ("accounts:account", /account/) is added to these in localdigital/urls.py: its view
# lives in localdigital/pages, above every domain it gathers from.

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/check-your-email/", views.check_email, name="check-email"),
    path("sign-in/<str:token>/", views.confirm, name="confirm"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("account/project-emails/", views.project_emails, name="project-emails"),
    path("account/language/", views.language, name="language"),
]
