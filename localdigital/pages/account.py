"""The account page: what a signed-in person can do, and what waits for their answer.

It lives with the other pages at the top because it gathers from every domain; accounts itself knows
only about signing in.
"""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from localdigital.fund.models import Assignment, Round
from localdigital.notifications import preferences
from localdigital.organisations import partnerships
from localdigital.organisations.models import AccessRequest
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.permissions import is_programme_team


@login_required
def account(request):
    programme_team = is_programme_team(request.user)
    waiting = defaultdict(list)
    for partnership in partnerships.waiting_for(request.user):
        waiting[partnership.kind.name].append(partnership)
    return TemplateResponse(
        request,
        "pages/account.html",
        {
            "organisations": organisations_for(request.user),
            "requests": AccessRequest.objects.filter(user=request.user).select_related("organisation"),
            "waiting": waiting,
            "assessing": Assignment.objects.filter(assessor=request.user).exists(),
            "programme_team": programme_team,
            "rounds": Round.objects.exclude(status=Round.Status.DRAFT) if programme_team else [],
            "email_language": dict(preferences.LANGUAGES)[
                preferences.language_of(request.user.email, request.user.language)
            ],
            "unsubscribed": preferences.is_unsubscribed(request.user.email),
        },
    )
