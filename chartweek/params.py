"""What readers put in addresses, read safely: whole numbers, and no NUL characters.

A page or version number is ASCII digits and nothing else. str.isdigit() is
also true of "²", "٣" and "१", which int() then refuses or reads as digits no
link of ours ever writes; and a number of thousands of digits would overflow
every database integer (int() refuses past 4,300 digits anyway). Anything else
is "no such page", decided here for every view.
"""

from django.http import HttpResponseBadRequest, JsonResponse

# Up to 10^18 - 1: inside a 64-bit integer, so an offset computed from it stays a database integer.
MAX_DIGITS = 18


def whole_number(raw: str | None, *, minimum: int = 1) -> int | None:
    """`raw` as a whole number of at least `minimum`, or None if it is anything else."""
    if raw is None or not (0 < len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if number >= minimum else None


class RefuseNulMiddleware:
    """A 400 for an address with a NUL character in its path or query, before the view runs.

    No address of ours has one, and PostgreSQL refuses NUL in text: a search,
    a share-link token or a filter value holding one would otherwise fail deep
    in a query. Acting in process_view, the answer still passes through every
    other middleware (security headers, logs). API clients get JSON, as for
    every API error.
    """

    MESSAGE = "The address contains a NUL character (%00), which no address here has."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        query = request.GET
        if "\x00" not in request.path and not any(
            "\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query
        ):
            return None
        if request.resolver_match and request.resolver_match.namespace == "api":
            return JsonResponse({"detail": self.MESSAGE}, status=400)
        return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
