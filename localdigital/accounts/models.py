"""People who use the service. They are known by email address: council staff sign in with a link
sent to their work address, and programme staff use the admin."""

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("A person needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


class ProjectEmails(models.TextChoices):
    """How often a person hears about the projects they follow: one choice for all of them."""

    EACH = "each", _("Each time a project posts an update")
    DAILY = "daily", _("Once a day, with every update from the day before")
    WEEKLY = "weekly", _("Once a week, with every update from the week before")
    NEVER = "never", _("Never")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_staff = models.BooleanField(
        "programme staff", default=False, help_text="Can sign in to the staff tools."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The language the person used when they first gave their address, until they choose another.
    language = models.CharField(max_length=10, blank=True, default="en", db_default="en")
    project_emails = models.CharField(
        "how often to hear about followed projects",
        max_length=10,
        choices=ProjectEmails.choices,
        default=ProjectEmails.EACH,
        db_default=ProjectEmails.EACH,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_usable_password(self) -> bool:
        """People made on first sign-in by link (and demo accounts) have an empty password, which
        Django would count as usable: they have none, so the staff tools offer no "Change password"."""
        return bool(self.password) and super().has_usable_password()


class SignInLink(models.Model):
    """A single-use link emailed to someone who wants to sign in. Only the token's hash is kept."""

    email = models.EmailField(db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    next_url = models.CharField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sign-in link for {self.email}"
