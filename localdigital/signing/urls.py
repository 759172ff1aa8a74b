from django.urls import path

from localdigital.signing import documents, views

app_name = "signing"

urlpatterns = [
    path("sign/", views.choose_organisation, name="choose"),
    path("sign/<str:identifier>/start/", views.start, name="start"),
    path("sign/<str:identifier>/", views.task_list, name="task-list"),
    path("sign/<str:identifier>/approvers/<slug:role>/", views.approver, name="approver"),
    path("sign/<str:identifier>/commitments/new/", views.commitment, name="commitment-new"),
    path("sign/<str:identifier>/commitments/<int:pk>/", views.commitment, name="commitment-edit"),
    path(
        "sign/<str:identifier>/commitments/<int:pk>/remove/",
        views.remove_commitment,
        name="commitment-remove",
    ),
    path("sign/<str:identifier>/commitments/<int:pk>/progress/", views.progress, name="progress"),
    path("sign/<str:identifier>/withdraw/", views.withdraw, name="withdraw"),
    path("sign/<str:identifier>/submit-new-commitments/", views.submit_additions, name="submit-additions"),
    path("partnerships/<int:pk>/", views.answer_partnership, name="answer-partnership"),
    path(
        "partnerships/<int:pk>/confirm/",
        views.answer_partnership,
        {"answer": "confirm"},
        name="confirm-partnership",
    ),
    path("sign/<str:identifier>/check-your-answers/", views.check_answers, name="check-answers"),
    path("sign/<str:identifier>/submitted/", views.submitted, name="submitted"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("approve/signed/", views.approved, name="approved"),
    path("approve/declined/", views.declined, name="declined"),
    path("approve/<str:token>/", views.approve, name="approve"),
    path("approve/<str:token>/decline/", views.decline, name="decline"),
    path("signed/<str:reference>/", views.record, name="record"),
    path("signed/<str:reference>/record.pdf", documents.record_pdf, name="record-pdf"),
    path("commitments/<int:pk>/", views.commitment_page, name="commitment"),
]
