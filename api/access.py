"""Who may do what through the API.

Reads are open to everyone, but only for what readers may see: the views ask
chartweek.visibility, the one definition of that for the API and the site alike.
Writes need a staff user with the model permissions the view names.
"""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import AnonRateThrottle

from chartweek.clients import client_address


class ReadOrStaffWrite(BasePermission):
    """Safe methods for everyone; a write needs staff with the view's `write_permissions`.

    A method the view does not offer passes here, so that the answer is 405.
    """

    message = "Only staff with permission to change datasets may write through the API."

    def has_permission(self, request, view):
        method = request.method.lower()
        if request.method in SAFE_METHODS or not hasattr(view, method):
            return True
        user, needed = request.user, getattr(view, "write_permissions", {}).get(method)
        if needed is None or not (user and user.is_authenticated):
            return False
        return user.is_active and user.is_staff and user.has_perms(needed)


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients, by address, at settings.API_ANON_RATE (read per request).

    The address is chartweek.clients.client_address, as for django-axes: a forged
    X-Forwarded-For names no new client.
    """

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_address(request) or ""
