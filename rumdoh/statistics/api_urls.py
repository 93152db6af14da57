from django.urls import path

from rumdoh.statistics.api import StatisticsView

urlpatterns = [path("statistics/", StatisticsView.as_view(), name="statistics-report")]
