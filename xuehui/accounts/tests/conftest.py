import pytest

FULL_ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.fixture(autouse=True)
def quick_hashes(settings):
    """A fast hasher first (Argon2 still verifies): the cast's accounts and the many sign-ins
    of these tests would otherwise cost half a second each. Tests of Argon2 set it back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", FULL_ARGON2]
