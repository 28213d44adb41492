from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's file storage, minus the partial file a failed write (a full disk) leaves."""

    def _save(self, name, content):
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError:
            # Django writes straight to the final path: what it wrote is garbage. (If the
            # name was taken, Django wrote under another one we cannot see: leave it.)
            if not existed and self.exists(name):
                self.delete(name)
            raise
