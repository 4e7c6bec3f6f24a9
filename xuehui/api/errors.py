"""The API's exception handler: DRF's own (it sets Retry-After on a 429), with the throttle's
reason in Chinese. (Apart from throttling.py: DRF's views module imports the authentication
class, which imports throttling.)"""

from rest_framework import exceptions
from rest_framework.views import exception_handler

from .throttling import RateLimited


def api_exception_handler(exc, context):
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, RateLimited):
        exc = RateLimited(wait=exc.wait)
    return exception_handler(exc, context)
