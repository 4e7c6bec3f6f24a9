"""The jobs app's own tasks, for Celery's autodiscovery."""

from .exports import export_file

__all__ = ["export_file"]
