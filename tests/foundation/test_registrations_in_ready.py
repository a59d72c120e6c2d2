"""Registrations happen only in AppConfig.ready() (issue #12, item 5): no module registers a
provider, restriction or counter as a side effect of being imported."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("forum", "badges", "moderation", "blog", "config")
NOT_YET: set[str] = set()


def _module_level_register_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith(("register", "_register")):
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return calls


def test_only_app_configs_register_anything():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = str(path.relative_to(ROOT))
            if path.name == "apps.py" or "migrations" in path.parts or relative in NOT_YET:
                continue
            found += _module_level_register_calls(path)
    assert found == []


def test_moderation_and_recovery_providers_are_registered(db):
    from config import registry
    from forum import extensions, permissions
    from moderation import hooks
    from moderation.recovery import panels, receivers

    assert hooks.thread_panels in extensions.thread_panels
    assert panels.thread_panels in extensions.thread_panels
    assert hooks.post_actions in extensions.post_actions
    assert hooks.suspension_restriction in permissions._posting_restrictions
    assert hooks.review_counter in registry._header_counters
    assert receivers.waiting_counter in registry._header_counters
