from django.urls import path

from localdigital.declaration import views

app_name = "declaration"

# The current Declaration (declaration:current, at the root) shows signatories and pledges too:
# localdigital.urls adds it from localdigital.pages.declaration, before these.

urlpatterns = [
    path("versions/", views.version_list, name="versions"),
    path("versions/<int:number>/", views.declaration_version, name="version"),
]
