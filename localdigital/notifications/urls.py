from django.urls import path

from localdigital.notifications import views

app_name = "notifications"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("language/<str:token>/", views.language, name="language"),
    path("notify-receipts/", views.notify_receipt, name="notify-receipt"),
]
