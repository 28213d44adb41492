import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chartweek.settings")
application = get_wsgi_application()

# Import every view as the worker boots rather than in its first request: the URLconf
# pulls in the API, pyarrow and openpyxl, ~0.5 s that the first reader of each worker
# (a HEAD included) would otherwise wait for.
get_resolver().reverse_dict  # noqa: B018 (read for its side effect: the routes, loaded)
