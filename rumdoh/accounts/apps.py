from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rumdoh.accounts"
    label = "accounts"

    def ready(self) -> None:
        from rumdoh.accounts import throttle  # noqa: F401  (connects the login-failure counter)
