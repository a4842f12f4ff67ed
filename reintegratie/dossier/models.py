"""The client's dossier: documents the client or the coach uploaded."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegratie.accounts.models import Role
from reintegratie.accounts.policy import ClientOwnedQuerySet

from .categories import Category


def _storage_name(document, filename):
    # An opaque name: the client's own file name is data, not a path, and never reaches the storage.
    return f"dossier/{uuid.uuid4().hex}{document.extension}"


class Document(models.Model):
    """One uploaded file. The bytes were checked (type, size, content, virus scan) before it was stored."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="documents")
    category = models.CharField(_("soort"), max_length=20, choices=Category.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(_("bestandsnaam"), max_length=150)
    content_type = models.CharField(_("soort bestand"), max_length=50)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=_storage_name, max_length=200)
    retain_until = models.DateField(_("bewaren tot"))
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        indexes = [
            models.Index(fields=["client", "-created_at"], name="document_client_created"),
            models.Index(fields=["retain_until"], name="document_retain_until"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.pk}"

    @property
    def extension(self):
        from .categories import EXTENSIONS

        return EXTENSIONS.get(self.content_type, "")

    @property
    def uploaded_by_client(self):
        return self.uploaded_by.role == Role.CLIENT
