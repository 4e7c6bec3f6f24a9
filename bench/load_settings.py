"""The load bench's server: the platform's settings, and one more page (load_urls.blank)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"
