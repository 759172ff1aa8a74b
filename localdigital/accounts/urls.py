from django.urls import path

from localdigital.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/check-your-email/", views.check_email, name="check-email"),
    path("sign-in/<str:token>/", views.confirm, name="confirm"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("account/", views.account, name="account"),
]
