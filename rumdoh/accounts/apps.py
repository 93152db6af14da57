from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rumdoh.accounts"
    label = "accounts"
    verbose_name = _("Users and agencies")

    def ready(self) -> None:
        from rumdoh.accounts import throttle  # noqa: F401  (connects the login-failure counter)
