"""The OpenAPI schema's generator (drf-spectacular), told what ReadOrStaffWrite allows.

A module of its own: DRF imports the permission classes while drf-spectacular
imports DRF, so the two cannot share a module.
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS


class ApiSchema(AutoSchema):
    """Reads need no credentials: say so beside the token and session schemes."""

    def get_auth(self):
        auths = super().get_auth()
        return [*auths, {}] if self.method in SAFE_METHODS else auths
