from django.urls import path

from localdigital.pledges import views

app_name = "pledges"

urlpatterns = [
    path("pledge/", views.pledge, name="pledge"),
    path("pledge/check-your-email/", views.check_email, name="check-email"),
    path("pledge/confirm/<str:token>/", views.confirm, name="confirm"),
    path("pledge/confirmed/", views.confirmed, name="confirmed"),
    path("pledge/withdraw/", views.withdraw_link, name="withdraw-link"),
    path("pledge/withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("pledge/withdrawn/", views.withdrawn, name="withdrawn"),
    path("pledges/", views.supporters, name="supporters"),
    path("pledges/daily.csv", views.daily_csv, name="daily-csv"),
]
