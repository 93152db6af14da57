"""The task queue's database backend, its name in the console translated.

``django_tasks_db`` names its app "Tasks Database Backend" in English only; the administration
console lists it under this name instead. In a module of its own: a second application config in
an app's ``apps.py`` would stop Django choosing that app's own.
"""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # the package says str
