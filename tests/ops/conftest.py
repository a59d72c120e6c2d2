import pytest

from config.ops import jobs
from tests.ops import sample_tasks


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue (as with TASKS_BACKEND=database) instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def job_registry(monkeypatch):
    """A registry of our own for the test, so sample jobs never leak into other tests."""
    registry: dict = {}
    monkeypatch.setattr(jobs, "_jobs", registry)
    sample_tasks.calls.clear()
    return registry
