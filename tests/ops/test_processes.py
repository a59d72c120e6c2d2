"""`make run` runs the whole product (web, worker, scheduler) and production documents the same processes."""

import re
from pathlib import Path

from honcho.environ import parse_procfile

ROOT = Path(__file__).resolve().parents[2]


def _processes(name: str) -> dict[str, str]:
    return parse_procfile((ROOT / "config/deploy" / name).read_text()).processes


def test_make_run_starts_web_worker_and_scheduler_under_honcho_with_the_database_queue():
    processes = _processes("Procfile.dev")
    assert set(processes) == {"web", "worker", "scheduler"}
    assert "runserver" in processes["web"]
    assert "manage.py run_worker" in processes["worker"]
    assert "manage.py run_scheduler" in processes["scheduler"]
    recipe = re.search(r"^run: install.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.S | re.M).group(0)
    assert "TASKS_BACKEND=database" in recipe and "honcho -f config/deploy/Procfile.dev -d . start" in recipe


def test_make_run_shows_the_product_as_visitors_see_it_and_links_emails_to_its_own_address():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export DEBUG ?= 0" in makefile  # the product's own 404 page; DEBUG=1 make run for Django's
    assert "run: export SITE_URL ?= http://$(HOST)" in makefile


def test_production_has_a_procfile_and_a_systemd_unit_for_each_process():
    processes = _processes("Procfile")
    assert set(processes) == {"web", "worker", "scheduler"}
    assert "gunicorn config.wsgi" in processes["web"]
    for name, command in (("web", "gunicorn config.wsgi"), ("worker", "manage.py run_worker"),
                          ("scheduler", "manage.py run_scheduler")):
        unit = (ROOT / f"config/deploy/systemd/flawsome-{name}.service").read_text()
        assert command in unit and "Restart=always" in unit and "EnvironmentFile=/etc/flawsome/env" in unit


def test_the_readme_still_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    assert first_block.split("\n")[:-1] == ["make run", "make test"]
    assert "TASKS_BACKEND=database" in readme and "run_worker" in readme and "db_worker &" not in readme


def test_the_readme_and_the_architecture_page_stand_on_their_own():
    # A clone has no ../shared/: nothing a newcomer reads may send them there.
    for name in ("README.md", "ARCHITECTURE.md", "RELIABILITY.md"):
        assert "../shared" not in (ROOT / name).read_text(), name


def test_every_file_the_readme_and_the_docs_link_to_is_in_the_repository():
    # #15 item 14: the README sent a clone to ../shared/DESIGN.md; a link to any file it lacks is as bad.
    for name in ("README.md", "ARCHITECTURE.md", "RELIABILITY.md", "SCALING.md", "BENCHMARKS.md", "docs/trust-defects.md"):
        page = ROOT / name
        links = [link.split("#")[0] for link in re.findall(r"\]\(([^)\s]+)\)", page.read_text())
                 if not re.match(r"(https?:|mailto:|#)", link)]
        assert all((page.parent / link).exists() for link in links), (name, [link for link in links
                                                                          if not (page.parent / link).exists()])
