"""A static-files finder that takes only the listed files of the npm packages.

The packages' dist folders hold far more than the pages load (echarts alone ~20 MB of builds
the platform never uses); collecting and compressing all of it made `collectstatic` take
minutes. settings.XUEHUI_VENDOR_STATIC lists (prefix, folder, glob patterns) triples.
"""

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.files.storage import FileSystemStorage


class VendorFinder(FileSystemFinder):
    def __init__(self, app_names=None, *args, **kwargs):
        self.locations: list[tuple[str, str]] = []
        self.storages: dict[str, FileSystemStorage] = {}
        self.patterns: dict[str, list[str]] = {}
        for prefix, folder, patterns in settings.XUEHUI_VENDOR_STATIC:
            root = str(folder)
            self.locations.append((prefix, root))
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic
            self.storages[root] = storage
            self.patterns[root] = list(patterns)

    def check(self, **kwargs):
        return []

    def find_location(self, root, path, prefix=None):
        if prefix:
            prefix = f"{prefix}/"
            if not path.startswith(prefix):
                return None
            path = path.removeprefix(prefix)
        if not matches_patterns(path, self.patterns[root]):
            return None
        return super().find_location(root, path)

    def list(self, ignore_patterns):
        for _prefix, root in self.locations:
            storage = self.storages[root]
            for path in _walk(storage):
                if matches_patterns(path, self.patterns[root]) and not matches_patterns(
                    path, ignore_patterns or []
                ):
                    yield path, storage


def _walk(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in directories:
        yield from _walk(storage, f"{folder}/{name}" if folder else name)
