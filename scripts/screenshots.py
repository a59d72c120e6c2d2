"""Screenshots of the main pages for the README (`make screenshots`), writing docs/screenshots/.

    python -m scripts.screenshots                 # every page, 1280 and 390 px, English and Dutch
    python -m scripts.screenshots --only home,404 # some of them

The site runs as `make run` shows it, on the embedded defaults (SQLite, Whoosh, files on disk) with
the demo (`seed_demo`) in a temporary DATA_DIR, DEBUG off (the product's own 404), on a free port on
127.0.0.1. Debian's Chromium (found on PATH) is driven by Playwright; each role signs in through the
login form, then each page is taken in each language (the language cookie) at a desktop (1280 × 800)
and a phone (390 × 844) window: the first screen, not the whole page, as a visitor sees it. PNGs are
reduced to 256 colours, which keeps the 36 of them small.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
PASSWORD = "flawsome-demo"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("en", "nl")
SIGN_IN = {"member": "sanne@example.com", "moderator": "moderator@example.com"}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# The demo's rows each page needs, found once the demo is loaded.
FIND_URLS = """
import json
from blog.models import ArticlePage
from forum.models import Thread
from moderation.recovery.models import Case
thread = Thread.objects.filter(status="solved", language="en").order_by("-answer_count", "pk").first()
case = Case.objects.order_by("pk").first()
article = ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk").first()
print(json.dumps({"thread": thread.get_absolute_url(), "case": f"/moderation/cases/{case.pk}/",
                  "article": article.url, "profile": f"/members/{thread.author.username}/"}))
"""


def pages(urls: dict) -> list[tuple[str, str, str]]:
    """(name, role, path) of every page in the README's gallery."""
    return [
        ("home", "visitor", "/"),
        ("thread", "visitor", urls["thread"]),
        ("ask", "member", "/ask/"),
        ("search", "visitor", "/search/?q=refund"),
        ("profile", "visitor", urls["profile"]),
        ("article", "visitor", urls["article"]),
        ("404", "visitor", "/no-such-page-here/"),
        ("moderation-queue", "moderator", "/moderation/review/"),
        ("case", "moderator", urls["case"]),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict, *command: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(command[:1])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the web server stopped before it answered")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own loopback server)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"no answer from {url} after {seconds:.0f} s")


def _compress(path: Path) -> None:
    """256 colours and zlib's best: a screenshot of flat UI loses nothing one can see."""
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_selector(".user-menu")


def shoot(base_url: str, urls: dict, only: set[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                     if shutil.which(name)), None)
    if chromium is None:
        sys.exit("Chromium is needed (apt-get install chromium)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    written = []
    wanted = [page for page in pages(urls) if not only or page[0] in only]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        for role in dict.fromkeys(role for _name, role, _path in wanted):
            for language in LANGUAGES:
                context = browser.new_context(base_url=base_url, viewport=SIZES["desktop"])
                page = context.new_page()
                if role in SIGN_IN:
                    _sign_in(page, SIGN_IN[role])
                # After sign-in the member's own language is in the cookie: set the one wanted.
                context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
                for name, page_role, path in wanted:
                    if page_role != role:
                        continue
                    page.goto(path)
                    for size, viewport in SIZES.items():
                        page.set_viewport_size(viewport)
                        page.evaluate("window.scrollTo(0, 0)")
                        target = OUTPUT / f"{name}-{size}-{language}.png"
                        page.screenshot(path=str(target), animations="disabled", caret="hide")
                        _compress(target)
                        written.append(target)
                        print(f"  {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KB)")
                    page.set_viewport_size(SIZES["desktop"])
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated page names (home, thread, ask, …)")
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    with tempfile.TemporaryDirectory(prefix="flawsome-screenshots-") as data_dir:
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DATA_DIR": data_dir, "DEBUG": "0", "SITE_URL": base_url, "TASKS_BACKEND": "immediate",
               "DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_LEVEL": "WARNING"}
        for name in ("DATABASE_URL", "REDIS_URL", "SEARCH_BACKEND", "MEDIA_S3_BUCKET"):
            env.pop(name, None)
        print(f"Loading the demo into {data_dir} (a minute)...")
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "seed_demo")
        urls = json.loads(_manage(env, "shell", "-c", FIND_URLS).strip().splitlines()[-1])
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            _wait_for(f"{base_url}/", server)
            print(f"Taking screenshots from {base_url} into {OUTPUT.relative_to(ROOT)}/ ...")
            written = shoot(base_url, urls, only)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    total = sum(path.stat().st_size for path in written)
    print(f"{len(written)} screenshots, {total // 1024} KB in all.")


if __name__ == "__main__":
    main()
