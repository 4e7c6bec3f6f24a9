import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from config.startup import refuse_insecure_start  # noqa: E402 (needs the settings)

refuse_insecure_start()
