from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rumdoh.accounts"
    label = "accounts"
