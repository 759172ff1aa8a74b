from django.urls import path

from localdigital.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("new/details/", views.project_new_details, name="new-details"),
    path("activity/", views.activity, name="activity"),
    path("search/", views.search, name="search"),
    path("updates.atom", views.updates_feed, name="updates-atom"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/updates/new/", views.post_update, name="update"),
    path("<int:pk>/updates.atom", views.updates_feed, name="project-atom"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/partners/<int:partner_pk>/", views.decide_join, name="decide-join"),
    path("<int:pk>/partners/new/", views.name_partner, name="name-partner"),
    path("<int:pk>/partners/<int:partner_pk>/answer/", views.answer_partner, name="answer-partner"),
    path(
        "<int:pk>/partners/<int:partner_pk>/confirm/",
        views.answer_partner,
        {"answer": "confirm"},
        name="confirm-partner",
    ),
    path("<int:pk>/outputs/new/", views.add_output, name="add-output"),
    path("<int:pk>/outputs/<int:output_pk>/remove/", views.remove_output, name="remove-output"),
    path("<int:pk>/commitments/", views.commitments, name="commitments"),
]
