"""Fast settings for the test suite: the real ones, with a cheap password hasher."""

from rumdoh.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Pages default to Khmer for users; tests read English unless they switch language themselves.
LANGUAGE_CODE = "en"

# Tests raise justice alerts explicitly; the once-a-minute check during requests would add them
# to whichever test happens to make the first request.
RUMDOH_ALERTS_ON_REQUEST = False

# Background jobs run at once, in the request or command that asks for them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
