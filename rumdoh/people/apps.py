from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "rumdoh.people"
    label = "people"
