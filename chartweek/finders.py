"""A static files finder for single files from npm packages.

STATICFILES_DIRS serves a package's whole folder, which suits Chart.js's dist/;
the boundary packages ship coarse and fine files side by side (world-atlas is
8 MB, most of it detail no page uses). NODE_STATIC_FILES names the files to
serve, by the static path each takes, so collectstatic copies and compresses
those alone.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class NodeFileFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.files = {path: Path(file) for path, file in settings.NODE_STATIC_FILES.items()}
        super().__init__(*args, **kwargs)

    def find(self, path, find_all=False):
        file = self.files.get(path)
        if not (file and file.is_file()):
            return []  # as Django's finders say "not found", whatever find_all is
        return [str(file)] if find_all else str(file)

    def list(self, ignore_patterns):
        for path, file in self.files.items():
            if file.is_file():
                storage = FileSystemStorage(location=str(file.parent))
                # collectstatic reads `prefix` off a finder's storage; the stubs don't know it.
                storage.prefix = str(Path(path).parent)  # type: ignore[attr-defined]
                yield file.name, storage
