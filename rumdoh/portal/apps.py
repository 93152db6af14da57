from django.apps import AppConfig


class PortalConfig(AppConfig):
    """What ties the apps into one site: the main menu and where each role lands after signing in.

    It knows every app's pages and the roles that may open them, so it sits on top of them all.
    """

    name = "rumdoh.portal"
    label = "portal"
    verbose_name = "Portal"
