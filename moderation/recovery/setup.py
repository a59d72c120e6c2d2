"""Make service recovery's own templates, template tags and static files findable.

Service recovery lives inside the moderation app (moderation/recovery/), not as an app of its own, so
Django's app-directory lookups do not see its templates/, templatetags/ and static/ folders. Called
once from moderation's AppConfig.ready() (through moderation.recovery.receivers), before any page is
rendered or static file collected.
"""

from pathlib import Path

from django.conf import settings

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TAG_LIBRARIES = {"recovery": "moderation.recovery.templatetags.recovery"}


def register() -> None:
    """Add our folders to the settings (so engines rebuilt later, e.g. by override_settings, keep them)
    and to any template engine already built."""
    from django.template import engines
    from django.template.backends.django import DjangoTemplates
    from django.template.library import import_library

    static_dirs = list(getattr(settings, "STATICFILES_DIRS", []))
    if str(STATIC) not in {str(entry) for entry in static_dirs}:
        settings.STATICFILES_DIRS = [*static_dirs, STATIC]
    for config in settings.TEMPLATES:
        if config.get("BACKEND") != "django.template.backends.django.DjangoTemplates":
            continue
        dirs = config.setdefault("DIRS", [])
        if str(TEMPLATES) not in {str(entry) for entry in dirs}:
            dirs.append(TEMPLATES)
        libraries = config.setdefault("OPTIONS", {}).setdefault("libraries", {})
        for name, module in TAG_LIBRARIES.items():
            libraries.setdefault(name, module)
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        if str(TEMPLATES) not in {str(entry) for entry in engine.engine.dirs}:
            engine.engine.dirs = [*engine.engine.dirs, TEMPLATES]
        for name, module in TAG_LIBRARIES.items():
            engine.engine.template_libraries.setdefault(name, import_library(module))
