"""The one refusal every domain raises."""

from django.core.exceptions import PermissionDenied


class NotAllowed(PermissionDenied):
    """The person may not do this, or the thing is not at a stage where it can be done. Its message says
    which, in words for the person; uncaught, it is a 403 page."""
