"""The configured sealer and index key, built once from settings."""

from functools import cache

from django.conf import settings

from rumdoh.core.rules.crypto import Sealer, decode_key, derive_key


@cache
def sealer() -> Sealer:
    if settings.RUMDOH_ENCRYPTION_KEYS:
        return Sealer(tuple(decode_key(k) for k in settings.RUMDOH_ENCRYPTION_KEYS))
    return Sealer((derive_key(settings.SECRET_KEY, "seal"),))


@cache
def index_key() -> bytes:
    if settings.RUMDOH_INDEX_KEY:
        return decode_key(settings.RUMDOH_INDEX_KEY)
    return derive_key(settings.SECRET_KEY, "index")
