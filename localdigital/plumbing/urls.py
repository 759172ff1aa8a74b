"""The addresses of the register of systems, contracts and standards (/systems/, /standards/)."""

from django.urls import path

from localdigital.plumbing import recording

app_name = "plumbing"

urlpatterns: list = [
    # The public register: systems, products, suppliers and standards (views.py).
    # Recording and confirming a system (recording.py).
    path("systems/new/", recording.new, name="record-new"),
    path("systems/new/product/", recording.product, name="record-product"),
    path("systems/new/product/choose/", recording.choose, name="record-choose"),
    path("systems/new/check/", recording.check, name="record-check"),
    path("systems/new/<slug:name>/", recording.section, name="record-section"),
    path("systems/yours/", recording.yours, name="record-yours"),
    path("systems/products.json", recording.products_json, name="record-products-json"),
    path("systems/<int:pk>/recorded/", recording.saved, name="record-saved"),
    path("systems/<int:pk>/edit/", recording.edit, name="record-edit"),
    path("systems/<int:pk>/still-right/", recording.still_right, name="record-still-right"),
    path("systems/<int:pk>/retire/", recording.retire, name="record-retire"),
    # Adopting a standard, and the moments to act together (together.py).
    # Importing contract notices (importing.py).
]
