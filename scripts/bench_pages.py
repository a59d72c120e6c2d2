"""Page benchmark (not a test): gunicorn with the production settings on 127.0.0.1, measured with wrk.

    python -m scripts.bench_pages                                  # SQLite, and PostgreSQL + Redis if set
    python -m scripts.bench_pages --duration 5 --backends sqlite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/flawsome_x BENCH_REDIS_URL=redis://127.0.0.1:6379/7 \
        python -m scripts.bench_pages --backends postgres --reuse

Each backend gets a generated community (`manage.py seed_bench`, sizes from --members/--threads/
--answers-per-thread): SQLite in a temporary folder, PostgreSQL in the database BENCH_DATABASE_URL
names (emptied first unless --reuse finds it seeded). One gunicorn (sync workers, the production
settings via scripts/bench_pages_settings.py) serves it; wrk measures, one page after another in the
same run, a bare Django view returning "ok" (the ceiling), the home page, a category, threads with 20
and 200 answers, a tag, a profile, search and the ask form's similar-questions endpoint, anonymous and
signed in (a session made for bench2). Each page is warmed for a second first. The table (requests/s,
p50/p99, errors, share of the bare view) is printed and written to BENCHMARKS.md under "Latest run"
with the date, commit and machine. Figures are ratios: the machine is shared.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "BENCHMARKS.md"
SECRET = "bench-pages-secret-key-not-for-production-0123456789"
START = "<!-- bench-pages:latest -->"
END = "<!-- /bench-pages:latest -->"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(backend: str, data_dir: Path, args) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scripts.bench_pages_settings", "SECRET_KEY": SECRET,
           "DATA_DIR": str(data_dir), "ALLOWED_HOSTS": "127.0.0.1,localhost", "TASKS_BACKEND": "immediate",
           "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if backend == "postgres":
        env["DATABASE_URL"] = args.database_url
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
    return env


def _manage(env, *command, quiet=True):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def _django_eval(env, code: str, tree: Path = ROOT) -> str:
    """Run a snippet inside Django with the bench settings (the code of `tree`); returns what it prints."""
    snippet = "import django; django.setup()\n" + code
    done = subprocess.run([sys.executable, "-c", snippet], cwd=tree, env={**env, "PYTHONPATH": str(tree)},
                          check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _prepare(backend: str, data_dir: Path, args) -> dict:
    env = _env(backend, data_dir, args)
    if backend == "postgres":
        seeded = False
        if args.reuse:
            try:
                seeded = _django_eval(env, "from forum.models import Thread; print(Thread.objects.count())") != "0"
            except subprocess.CalledProcessError:
                seeded = False
        if not seeded:
            _django_eval(env, "from django.db import connection\nwith connection.cursor() as c:\n"
                              "    c.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')")
    else:
        seeded = args.reuse and (data_dir / "flawsome.sqlite3").exists()
    if not seeded:
        print(f"[{backend}] migrating and seeding…", flush=True)
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "seed_bench", "--members", str(args.members), "--threads", str(args.threads),
                "--answers-per-thread", str(args.answers_per_thread), "--seed", "7", quiet=False)
        _manage(env, "search_rebuild", "--no-progress")
    _manage(env, "collectstatic", "--noinput", "-v0")
    return env


PAGE_QUERY = """
from django.db.models import Count
from forum.models import Category, Thread
from taggit.models import Tag
t20 = Thread.objects.filter(answer_count=20).order_by('pk').first()
t200 = Thread.objects.order_by('-answer_count', 'pk').first()
cat = Category.objects.filter(slug='bench-orders').first() or Category.objects.first()
tag = Tag.objects.annotate(n=Count('taggit_taggeditem_items')).order_by('-n').first()
words = ' '.join(t20.title.split()[:2])
print(t20.get_absolute_url()); print(t200.get_absolute_url()); print(cat.get_absolute_url())
print('/tags/%s/' % tag.slug); print(words)
"""

SESSION_SNIPPET = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username='bench2'))
print(client.cookies['sessionid'].value)
"""


def _pages(env) -> list[tuple[str, str]]:
    t20, t200, category, tag, words = _django_eval(env, PAGE_QUERY).splitlines()
    from urllib.parse import quote

    return [
        ("bare Django view", "/bench/ok"),
        ("home", "/"),
        ("category", category),
        ("thread, 20 answers", t20),
        ("thread, 200 answers", t200),
        ("tag", tag),
        ("profile", "/members/bench1/"),
        ("search", f"/search/?q={quote(words)}"),
        ("similar questions", f"/search/similar/?title={quote(words + ' help')}"),
    ]


class Server:
    def __init__(self, env, workers: int, tree: Path = ROOT):
        self.port = _free_port()
        env = {**env, "PYTHONPATH": str(tree)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning"], cwd=tree, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench/ok", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _ms(out: str, percentile: str) -> float:
    match = re.search(percentile + r"%\s+([\d.]+)(us|ms|s|m)\b", out)
    if match is None:  # no request finished
        return float("nan")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, *, duration: float, connections: int, threads: int, cookie: str = "") -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency", "--timeout", "5s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50, p99 = _ms(out, "50"), _ms(out, "99")
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in match.groups())
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


def _check(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_backend(backend: str, args) -> list[dict]:
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="flawsome-bench-pages-")) / backend
    data_dir.mkdir(parents=True, exist_ok=True)
    env = _prepare(backend, data_dir, args)
    if backend == "postgres" and args.redis_url:
        _django_eval(env, "from django.core.cache import cache; cache.clear()")
    pages = _pages(env)
    rows = []
    try:
        # Each tree (the code at one commit) is measured on the same data, one after another in this run.
        for label, tree in args.tree_list:
            if backend == "postgres" and args.redis_url:
                _django_eval(env, "from django.core.cache import cache; cache.clear()")
            # Signed in by that tree's code: a session names the backend that signed it in.
            cookie = "sessionid=" + _django_eval(env, SESSION_SNIPPET, tree)
            server = Server(env, args.workers, tree)
            try:
                rows.extend(_measure(server, backend, label, pages, cookie, args))
            finally:
                server.stop()
    finally:
        if not args.data_dir:
            shutil.rmtree(data_dir.parent, ignore_errors=True)
    return rows


def _measure(server, backend, label, pages, cookie, args) -> list[dict]:
    rows = []
    base = f"http://127.0.0.1:{server.port}"
    for who, who_cookie in (("anonymous", ""), ("signed in", cookie)):
        for name, path in pages:
            status = _check(base + path, who_cookie)
            wrk(base + path, duration=1, connections=args.connections, threads=args.threads_wrk, cookie=who_cookie)
            result = wrk(base + path, duration=args.duration, connections=args.connections, threads=args.threads_wrk,
                         cookie=who_cookie)
            result.update(backend=backend, code=label, who=who, page=name, path=path, status=status)
            rows.append(result)
            print(f"[{backend} {label}] {who:<9} {name:<22} {result['rps']:>8.1f} rps  p50 {result['p50']:>7.1f} ms  "
                  f"p99 {result['p99']:>7.1f} ms  errors {result['errors']}  (first answer {status})", flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| backend | code | who | page | rps | p50 ms | p99 ms | errors | share of bare |",
             "|---|---|---|---|---:|---:|---:|---:|---:|"]
    bare = {(r["backend"], r["code"], r["who"]): r["rps"] for r in rows if r["page"] == "bare Django view"}
    for r in rows:
        ceiling = bare.get((r["backend"], r["code"], r["who"]))
        share = r["rps"] / ceiling * 100 if ceiling else 0
        lines.append(f"| {r['backend']} | {r['code']} | {r['who']} | {r['page']} | {r['rps']:,.1f} | {r['p50']:.1f} | "
                     f"{r['p99']:.1f} | {r['errors']} | {share:.1f} % |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def write(rows: list[dict], args) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    header = (f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{commit}` on {machine()}; "
              f"{args.members} members, {args.threads} threads, about {args.answers_per_thread:g} answers a thread; "
              f"gunicorn {args.workers} sync workers; `wrk -t{args.threads_wrk} -c{args.connections} "
              f"-d{args.duration}s` per page after a 1 s warm-up. The machine is shared with other work: compare "
              f"rows within one run (the share of the bare view), not across runs.")
    block = f"{START}\n{header}\n\n{table(rows)}\n{END}"
    text = OUTPUT.read_text() if OUTPUT.exists() else "# Benchmarks\n\n## Pages (`make bench-pages`)\n\n"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n### Latest run\n\n" + block + "\n"
    OUTPUT.write_text(text)
    print(f"Written to {OUTPUT.relative_to(ROOT)}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", dest="threads_wrk", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--community-threads", dest="threads", type=int, default=2000)
    parser.add_argument("--answers-per-thread", type=float, default=5)
    parser.add_argument("--data-dir", default="", help="keep the SQLite data here (with --reuse, seed once)")
    parser.add_argument("--reuse", action="store_true", help="use an already seeded database")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument("--trees", default="", help="label=path,… : measure the code of several checkouts "
                        "(e.g. `git archive` of two commits) on the same data in one run; default: this checkout")
    args = parser.parse_args(argv)
    args.tree_list = [(label, Path(path)) for label, path in
                      (item.split("=", 1) for item in args.trees.split(",") if item)] or [("this", ROOT)]
    args.database_url = os.environ.get("BENCH_DATABASE_URL", "")
    args.redis_url = os.environ.get("BENCH_REDIS_URL", "")
    if not shutil.which("wrk"):
        sys.exit("bench-pages needs wrk: apt-get install wrk")
    rows = []
    for backend in args.backends.split(","):
        if backend == "postgres" and not args.database_url.startswith("postgres"):
            print("[postgres] skipped: set BENCH_DATABASE_URL (a database this may empty) and BENCH_REDIS_URL")
            continue
        rows.extend(run_backend(backend, args))
    print(table(rows))
    if not args.no_write and rows:
        write(rows, args)


if __name__ == "__main__":
    main()
