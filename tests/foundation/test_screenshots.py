"""#15: the README's screenshots exist, are the ones `make screenshots` writes, and stay small."""

import re
from pathlib import Path

from scripts import screenshots

ROOT = Path(__file__).resolve().parents[2]
URLS = {"thread": "/t/1/x/", "case": "/moderation/cases/1/", "article": "/blog/x/", "profile": "/members/x/"}


def expected() -> set[str]:
    return {f"{name}-{size}-{language}.png" for name, _role, _path in screenshots.pages(URLS)
            for size in screenshots.SIZES for language in screenshots.LANGUAGES}


def test_docs_screenshots_hold_every_page_at_both_widths_in_both_languages_and_nothing_else():
    written = {path.name for path in screenshots.OUTPUT.glob("*.png")}
    assert len(expected()) == 36
    assert written == expected()
    assert all(path.stat().st_size < 120_000 for path in screenshots.OUTPUT.glob("*.png"))


def test_the_readme_shows_screenshots_that_exist():
    shown = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", (ROOT / "README.md").read_text())
    assert len(shown) >= 18
    assert all((ROOT / path).is_file() for path in shown)
    assert {Path(path).name for path in shown} <= expected()
    assert "make screenshots" in (ROOT / "README.md").read_text()
    assert "screenshots:" in (ROOT / "Makefile").read_text()
