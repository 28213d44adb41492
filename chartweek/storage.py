from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's file storage, minus the partial file a failed write (a full disk) leaves."""

    # django-stubs leave Storage._save (the protected hook Django documents) undeclared.
    def _save(self, name, content):
        existed = self.exists(name)
        try:
            return super()._save(name, content)  # type: ignore[misc]  # stubs lack _save
        except OSError:
            # Django writes straight to the final path: what it wrote is garbage. (If the
            # name was taken, Django wrote under another one we cannot see: leave it.)
            if not existed and self.exists(name):
                self.delete(name)
            raise


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed static files, with ES module imports rewritten.

    The chart renderer (static/js/charts/) is modules importing each other by
    relative address; with the imports pointing at hashed names too, a cached
    entry point never loads a stale module.
    """

    support_js_module_import_aggregation = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        """The hashed file's address, looked up once per name: the manifest is read at start
        and fixed while the process runs, and a page asks for ~15 of them each time."""
        if force or settings.DEBUG:  # unhashed names in DEBUG, read at each call
            return super().url(name, force=force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def load_manifest(self):
        self._urls = {}  # the hashed names may change with a manifest read again
        return super().load_manifest()

    def post_process(self, *args, **kwargs):
        self._urls = {}  # collectstatic hashes the files anew
        yield from super().post_process(*args, **kwargs)
