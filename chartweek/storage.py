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
