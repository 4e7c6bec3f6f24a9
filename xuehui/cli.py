"""The `xuehui` console script: Django's manage.py with hyphenated command names."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "xuehui"
    if len(argv) > 1 and not argv[1].startswith("-"):
        # `xuehui import-roster` runs the command module `import_roster`.
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)
