from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "requests_tracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"
