from django.urls import path

from localdigital.declaration import views

app_name = "declaration"

urlpatterns = [
    path("", views.current_declaration, name="current"),
    path("versions/", views.version_list, name="versions"),
    path("versions/<int:number>/", views.declaration_version, name="version"),
]
