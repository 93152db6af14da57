"""The background job: one linkage run, taken by the task worker (``manage.py db_worker``)."""

from django_tasks import task


@task()
def link_register(run_id: int) -> None:
    from rumdoh.linkage.services import execute_run

    execute_run(run_id)
