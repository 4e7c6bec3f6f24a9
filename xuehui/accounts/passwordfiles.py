"""One-time password files: an xlsx of initial passwords the administrator downloads once.

The file goes to the default storage under a random name; only the administrator's session
knows its token. Downloading it deletes it; a file left waiting is deleted after a day by the
next one stored.
"""

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

SESSION_KEY = "accounts_password_files"
STORAGE_DIR = "accounts/passwords"
KEEP_FOR = dt.timedelta(days=1)


def password_file_store(request, *, data: bytes, count: int, title: str) -> str:
    """Save the file and remember it in the session; returns its token."""
    return password_file_adopt(request, key=password_file_save(data), count=count, title=title)


def password_file_save(data: bytes) -> str:
    """Save the file under a random name (a worker's import does only this); its key."""
    _sweep()
    return default_storage.save(f"{STORAGE_DIR}/{secrets.token_hex(16)}.xlsx", ContentFile(data))


def password_file_adopt(request, *, key: str, count: int, title: str) -> str:
    """Remember a saved file in the session, for one download; returns its token."""
    token = secrets.token_urlsafe(16)
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored[token] = {"key": key, "count": count, "title": title}
    request.session[SESSION_KEY] = stored
    return token


def password_file_info(request, token: str) -> dict:
    """The waiting file of this session, else 404 (downloaded already, or someone else's)."""
    info = request.session.get(SESSION_KEY, {}).get(token)
    if info is None:
        raise Http404("该密码文件已下载或已失效")
    return info


def password_file_take(request, token: str) -> bytes:
    """The file's content; the file is deleted and its token forgotten."""
    info = password_file_info(request, token)
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored.pop(token, None)
    request.session[SESSION_KEY] = stored
    try:
        with default_storage.open(info["key"], "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        raise Http404("该密码文件已失效") from None
    finally:
        default_storage.delete(info["key"])
    return data


def _sweep() -> None:
    """Delete files nobody downloaded within a day."""
    try:
        _, names = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - KEEP_FOR
    for name in names:
        path = f"{STORAGE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
