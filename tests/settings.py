"""Fast settings for the test suite: the real ones, with a cheap password hasher."""

from rumdoh.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Pages default to Khmer for users; tests read English unless they switch language themselves.
LANGUAGE_CODE = "en"
