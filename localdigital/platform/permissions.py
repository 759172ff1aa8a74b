"""Who may do what: the one place each such question is answered.

- `is_programme_team(user)`: the programme team (staff): they review signings, moderate and decide bids,
  see draft versions of the Declaration and use the staff tools.
- `is_admin(user)`: a superuser, who gives people access.
- `is_assessor(user, assignment)`: the assessor an assignment names (anything with `assessor_id`).
- `may_act_for(user, organisation)`: whether someone may act for an organisation. The rule itself (email
  domains the organisation proves, access staff gave) belongs to the organisation: anything with a
  `has_member(user)` method can be asked.
"""

from typing import Protocol


class ActedFor(Protocol):
    def has_member(self, user) -> bool: ...


def _signed_in(user) -> bool:
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def is_programme_team(user) -> bool:
    return _signed_in(user) and bool(user.is_staff)


def is_admin(user) -> bool:
    return _signed_in(user) and bool(user.is_superuser)


def is_assessor(user, assignment) -> bool:
    return _signed_in(user) and assignment.assessor_id is not None and user.pk == assignment.assessor_id


def may_act_for(user, organisation: ActedFor) -> bool:
    return _signed_in(user) and organisation.has_member(user)
