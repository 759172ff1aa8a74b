"""The addresses of the register of systems, contracts and standards (/systems/, /standards/). Its CSV and
JSON, read by programs, have one address outside the language prefix (localdigital/urls.py)."""

from django.urls import path

from localdigital.plumbing import adoption, importing, links, recording, together_views, views

app_name = "plumbing"

urlpatterns: list = [
    # The public register: systems, products, suppliers, services and standards (views.py).
    path("systems/", views.system_list, name="systems"),
    path("systems/feed.atom", views.systems_feed, name="systems-atom"),
    path("systems/<int:pk>/", views.system_detail, name="system"),
    path("systems/products/<slug:slug>/", views.product_detail, name="product"),
    path("systems/suppliers/<slug:slug>/", views.supplier_detail, name="supplier"),
    path("systems/services/<int:lgsl>/", views.service_detail, name="service"),
    path("systems/services/<int:lgsl>/<slug:name>.svg", views.service_chart_svg, name="service-chart-svg"),
    path("systems/services/<int:lgsl>/<slug:name>.csv", views.service_chart_csv, name="service-chart-csv"),
    path("standards/", views.standard_list, name="standards"),
    path("standards/<slug:slug>/", views.standard_detail, name="standard"),
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
    # Adopting a standard, the moments to act together, and what projects and commitments name
    # (adoption.py, together_views.py, links.py).
    path("standards/<slug:slug>/adopt/", adoption.start, name="adopt"),
    path("standards/<slug:slug>/adopt/<int:organisation_pk>/", adoption.stage, name="adopt-stage"),
    path("standards/<slug:slug>/adopt/<int:organisation_pk>/done/", adoption.done, name="adopt-done"),
    path("standards/<slug:slug>/adopt/<int:organisation_pk>/remove/", adoption.remove, name="adopt-remove"),
    path("systems/<int:pk>/together/", together_views.together_page, name="together"),
    path("systems/<int:pk>/together/act/", together_views.act, name="together-act"),
    path(
        "systems/<int:pk>/together/project/<int:project_pk>/",
        together_views.project_started,
        name="together-project",
    ),
    path("systems/<int:pk>/together/bid/<str:reference>/", together_views.bid_started, name="together-bid"),
    path("systems/link/project/<int:pk>/", links.project_links, name="link-project"),
    path("systems/link/commitment/<int:pk>/", links.commitment_links, name="link-commitment"),
    path("systems/link/<int:link_pk>/remove/", links.remove, name="link-remove"),
    # Importing contract notices (importing.py).
    path("systems/import/", importing.import_notices, name="import-notices"),
    path("systems/import/report/", importing.import_report, name="import-report"),
    path("systems/proposed/", importing.proposed, name="proposed"),
    path("systems/proposed/<int:pk>/", importing.answer_proposed, name="answer-proposed"),
]
