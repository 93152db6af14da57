from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "rumdoh.statistics"
    label = "statistics"
