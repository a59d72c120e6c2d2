"""`make faults`: break the parts of a production-like site on loopback while it serves a mixed
read/write load, count what the visitors saw, and write RELIABILITY.md.

Everything runs on 127.0.0.1 in a temporary folder and is removed afterwards: a PostgreSQL cluster
of its own (initdb/pg_ctl on a free port), a redis-server of its own, gunicorn with the production
settings (scripts/faults_settings.py), the task worker, and media on a small tmpfs when run as root
(so "disk full" and "read-only" are real; otherwise a chmod'ed folder). The load is 16 signed-in
members reading pages, searching, answering and uploading images. Phases, each a share of
--duration: baseline, Redis killed, PostgreSQL restarted, worker killed (restarted after 3 s, as a
supervisor would), search index removed, media full then read-only, recovery. Afterwards every
acknowledged write (an answer that got its redirect, an image that got its URL) is looked up.

The run is bounded: a watchdog ends it (and everything it started) after --duration plus the
setup and drain allowances, whatever happens.

    python -m scripts.faults [--duration 60] [--connections 16] [--output RELIABILITY.md]
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"
PASSWORD = "faults-load-password-1"
SETUP_ALLOWANCE = 600  # initdb, migrate, collectstatic, demo data on a busy machine
DRAIN_SECONDS = 180  # after the load: how long the worker gets to empty the queue (a loaded machine is slow)
# After `pg_ctl restart` returns, a request already inside a query that the restart cut off may
# still be finishing: that long counts as inside the restart window.
RESTART_GRACE = 1.0
STORAGE_FULL = "storage full or read-only: refused with a message, nothing saved"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


# The pieces ---------------------------------------------------------------------------------------


class Stack:
    """The processes and folders of one run; stop() ends them all."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.pgdata = folder / "pg"
        self.data_dir = folder / "data"
        self.media = folder / "media"
        self.logs = folder / "logs"
        self.processes: dict[str, subprocess.Popen] = {}
        self.mounted = False
        self.as_root = os.geteuid() == 0
        self.worker_command = "db_worker"

    # PostgreSQL, as the postgres user when we are root (initdb refuses root)
    def _pg(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def start_postgres(self) -> None:
        self.pgdata.mkdir()
        if self.as_root:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.pgdata, "postgres")
        self._pg("initdb", "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")
        import psycopg

        with psycopg.connect(host=HOST, port=self.pg_port, user="postgres", dbname="postgres",
                             autocommit=True) as server:
            server.execute("CREATE DATABASE flawsome")

    def pg_ctl(self, action: str) -> float:
        started = time.monotonic()
        options = f"-p {self.pg_port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self._pg("pg_ctl", "-D", str(self.pgdata), "-o", options, "-l", str(self.folder / "pg.log"), "-w",
                 "-m", "fast", action)
        return time.monotonic() - started

    def start_redis(self) -> None:
        self.processes["redis"] = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=open(self.logs / "redis.log", "ab"), stderr=subprocess.STDOUT)
        wait_for_port(self.redis_port)

    def kill(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)

    def mount_media(self) -> None:
        self.media.mkdir()
        if self.as_root:
            result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(self.media)],
                                    capture_output=True, text=True)
            self.mounted = result.returncode == 0

    def environment(self) -> dict[str, str]:
        keep = {key: value for key, value in os.environ.items()
                if not key.startswith(("DATABASE_", "REDIS_", "MEDIA_", "DJANGO_", "TASKS_", "SEARCH_", "AWS_"))}
        return {**keep,
                "DJANGO_SETTINGS_MODULE": "scripts.faults_settings",
                "SECRET_KEY": secrets.token_urlsafe(40),
                "ALLOWED_HOSTS": HOST,
                "DATABASE_URL": f"postgres://postgres@{HOST}:{self.pg_port}/flawsome",
                "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
                "TASKS_BACKEND": "database",
                "SEARCH_BACKEND": "whoosh",  # the index on disk is what this run removes
                "DATA_DIR": str(self.data_dir),
                "MEDIA_ROOT": str(self.media),
                "STAFF_REQUIRE_2FA": "0",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1"}

    def manage(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        out = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.environment(),
                             capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
        return out

    def start_web(self) -> None:
        self.processes["web"] = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "4", "--bind", f"{HOST}:{self.web_port}",
             "--timeout", "30", "--graceful-timeout", "5", "--access-logfile", str(self.logs / "access.log")],
            cwd=ROOT, env=self.environment(), stdout=open(self.logs / "web.log", "ab"), stderr=subprocess.STDOUT)
        wait_for_port(self.web_port, timeout=60)

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [sys.executable, "manage.py", self.worker_command], cwd=ROOT, env=self.environment(),
            stdout=open(self.logs / "worker.log", "ab"), stderr=subprocess.STDOUT)

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.pgdata.exists():
            with contextlib.suppress(Exception):
                self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "immediate", "-w", "stop", check=False)
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.media)], check=False)
            self.mounted = False


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on {HOST}:{port} within {timeout:.0f} s")


# The load -----------------------------------------------------------------------------------------

SETUP_DATA = """
import json
from django.contrib.auth.models import Permission
from allauth.account.models import EmailAddress
from forum import services
from forum.models import Thread
count = COUNT
members = []
for n in range(count):
    username = f"load{n}"
    user = services.member_create(username=username, email=f"{username}@example.com", password=PASSWORD,
                                  display_name=f"Load Member {n}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="forum", codename="upload_images"))
    members.append(user.email)
threads = Thread.objects.filter(category__isnull=False).order_by("pk")[:30]
print(json.dumps({"members": members, "threads": [[t.pk, t.title, t.get_absolute_url()] for t in threads]}))
""".replace("PASSWORD", repr(PASSWORD))


@dataclass
class Tally:
    phase_of: callable
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    acknowledged_answers: list = field(default_factory=list)
    acknowledged_uploads: list = field(default_factory=list)
    signed_out: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)
    first_bodies: dict = field(default_factory=dict)
    # (label, status, sent at, answered at, what the answer said) of every 5xx or non-answer, wall
    # clock: set against the PostgreSQL restart window afterwards.
    failures: list = field(default_factory=list)

    def record(self, label: str, status, phase: str, span: tuple[float, float] | None = None,
               said: str = "") -> None:
        """Count a response in the phase its request started in."""
        with self.lock:
            if span and (not isinstance(status, int) or status >= 500):
                self.failures.append((label, status, span[0], span[1], said))
            self.statuses[phase][status] += 1
            if not isinstance(status, int) or status >= 400:
                self.examples.setdefault((phase, status, label), 0)
                self.examples[(phase, status, label)] += 1


class Visitor:
    """One connection's signed-in member: cookies by hand (production cookies are Secure and this
    is plain HTTP on loopback), CSRF from the cookie."""

    def __init__(self, port: int, email: str, tally: Tally, threads: list):
        self.port, self.email, self.tally, self.threads = port, email, tally, threads
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                label: str = "") -> tuple[int | str, dict, bytes]:
        phase = self.tally.phase_of()
        sent_at = time.time()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        sent = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.tally.record(label or path, f"no answer ({error.__class__.__name__})", phase, (sent_at, time.time()))
            return "error", {}, b""
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        self.tally.record(label or path, response.status, phase, (sent_at, time.time()),
                          STORAGE_FULL if response.status == 503 and b"storage" in data.lower() else "")
        if response.status >= 400 and (label, response.status) not in self.tally.first_bodies:
            # For the log: what the first refusal of each kind said (title and first message).
            text = re.sub(r"\s+", " ", data.decode(errors="replace"))
            said = re.findall(r"<title>(.*?)</title>|class=\"(?:error-page__lead|[^\"]*message[^\"]*)\"[^>]*>(.*?)<", text)
            self.tally.first_bodies[(label, response.status)] = " | ".join(filter(None, sum(said[:4], ())))[:300]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def form_post(self, path: str, fields: dict, label: str):
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        return self.request("POST", path, body=body, label=label, headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.cookies.get("csrftoken", "")})

    def sign_in(self) -> bool:
        """Sign in through the real form; a few tries, since the page may time out under load."""
        for _attempt in range(3):
            self.cookies.clear()
            self.request("GET", "/accounts/login/", label="sign-in page")
            if "csrftoken" not in self.cookies:
                continue
            status, _headers, _body = self.form_post(
                "/accounts/login/", {"login": self.email, "password": PASSWORD}, label="sign in")
            if status == 302:
                return True
        return False

    def signed_out(self, status, headers, body: bytes) -> bool:
        """The site no longer knows this member (a lost session): sent to sign in, or told to."""
        return ((status == 302 and "/accounts/login/" in headers.get("location", ""))
                or (status == 403 and b"Please sign in first" in body))

    def answer(self) -> None:
        pk, _title, url = random.choice(self.threads)
        token = f"faults-{uuid.uuid4().hex}"
        body = f"Load answer {token}: try switching it off and on again, then tell us what happened."
        self.request("GET", url, label="thread page")
        status, headers, said = self.form_post(f"/thread/{pk}/answer/", {"body": body, "submission_token": token},
                                               label="answer")
        if status == 302 and "/accounts/login/" not in headers.get("location", ""):
            with self.tally.lock:
                self.tally.acknowledged_answers.append(token)
        elif self.signed_out(status, headers, said):
            self.tally.signed_out[self.tally.phase_of()] += 1
            self.sign_in()

    def upload(self) -> None:
        boundary = uuid.uuid4().hex
        image = tiny_png()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"load.png\"\r\n"
                "Content-Type: image/png\r\n\r\n").encode() + image + f"\r\n--{boundary}--\r\n".encode()
        status, headers, data = self.request("POST", "/upload/", body=body, label="image upload", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.cookies.get("csrftoken", ""), "X-Requested-With": "fetch"})
        if status == 200:
            with contextlib.suppress(ValueError, KeyError):
                with self.tally.lock:
                    self.tally.acknowledged_uploads.append(json.loads(data)["url"])
        elif self.signed_out(status, headers, data):
            self.tally.signed_out[self.tally.phase_of()] += 1
            self.sign_in()

    def read(self) -> None:
        choice = random.random()
        if choice < 0.35:
            _pk, _title, url = random.choice(self.threads)
            self.request("GET", url, label="thread page")
        elif choice < 0.6:
            self.request("GET", "/", label="home")
        elif choice < 0.85:
            _pk, title, _url = random.choice(self.threads)
            query = urllib.parse.urlencode({"q": " ".join(title.split()[:2])})
            self.request("GET", f"/search/?{query}", label="search")
        else:
            self.request("GET", "/badges/", label="badges")

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            roll = random.random()
            if roll < 0.2:
                self.answer()
            elif roll < 0.25:
                self.upload()
            else:
                self.read()


_PNG = None


def tiny_png() -> bytes:
    global _PNG
    if _PNG is None:
        from PIL import Image

        out = io.BytesIO()
        Image.effect_noise((200, 200), 60).convert("RGB").save(out, format="PNG")
        _PNG = out.getvalue()
    return _PNG


# The faults ---------------------------------------------------------------------------------------

PHASES = [
    ("baseline", 0.15),
    ("Redis killed", 0.15),
    ("PostgreSQL restarted", 0.15),
    ("worker killed", 0.15),
    ("search index removed", 0.12),
    ("media full, then read-only", 0.16),
    ("recovery", 0.12),
]


def fill(folder: Path) -> None:
    """Fill the media filesystem: write until the disk says no."""
    chunk = b"\0" * (1024 * 1024)
    with contextlib.suppress(OSError), open(folder / "filler.bin", "wb") as filler:
        while True:
            filler.write(chunk)
            filler.flush()


def database_rows(stack: Stack, sql: str, *params):
    import psycopg

    with psycopg.connect(host=HOST, port=stack.pg_port, user="postgres", dbname="flawsome",
                         connect_timeout=10) as db:
        return db.execute(sql, params).fetchall()


def search_finds(port: int, title: str) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=20)
    try:
        connection.request("GET", "/search/?" + urllib.parse.urlencode({"q": title}), headers={"Host": HOST})
        return title in connection.getresponse().read().decode(errors="replace").replace("&#x27;", "'")
    except OSError:
        return False
    finally:
        connection.close()


def healthz(port: int) -> int | str:
    connection = http.client.HTTPConnection(HOST, port, timeout=20)
    try:
        connection.request("GET", "/healthz", headers={"Host": HOST})
        return connection.getresponse().status
    except OSError:
        return "no answer"
    finally:
        connection.close()


def run(duration: float, connections: int, output: Path, keep_logs: Path | None = None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="flawsome-faults-"))
    stack = Stack(folder)
    stack.logs.mkdir()
    notes: dict[str, str] = {}
    try:
        log(f"PostgreSQL on {HOST}:{stack.pg_port}, Redis on {stack.redis_port}, site on {stack.web_port} "
            f"in {folder}")
        stack.start_postgres()
        stack.start_redis()
        stack.mount_media()
        notes["media"] = ("a 24 MB tmpfs (real ENOSPC and a read-only remount)" if stack.mounted
                          else "a folder made read-only with chmod (no 'full' without root)")
        log("migrate, collectstatic, demo data")
        stack.manage("migrate", "--noinput", "-v0")
        stack.manage("collectstatic", "--noinput", "-v0")
        stack.manage("seed_demo")
        out = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP_DATA.replace("COUNT", str(connections), 1)],
                             cwd=ROOT, env=stack.environment(), capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        cast = json.loads(out.stdout.strip().splitlines()[-1])
        stack.manage("search_rebuild", "--no-progress")
        with contextlib.suppress(RuntimeError):
            stack.manage("help", "run_worker", timeout=120)
            stack.worker_command = "run_worker"
        stack.start_web()
        stack.start_worker()

        phase = {"name": "warm-up"}
        tally = Tally(phase_of=lambda: phase["name"])
        stop = threading.Event()
        visitors = [Visitor(stack.web_port, email, tally, cast["threads"]) for email in cast["members"]]
        log("warm-up: every member signs in and opens a thread (not counted)")
        for _ in range(8):  # each gunicorn worker's first page is slow (imports, templates)
            visitors[0].request("GET", "/", label="home")
        signing_in = [threading.Thread(target=v.sign_in, daemon=True) for v in visitors]
        for thread in signing_in:
            thread.start()
        for thread in signing_in:
            thread.join(timeout=300)
        notes["members signed in before the load"] = f"{sum('sessionid' in v.cookies for v in visitors)} of {connections}"
        for _pk, _title, url in cast["threads"]:
            visitors[0].request("GET", url, label="thread page")
        workers = [threading.Thread(target=v.run, args=(stop,), daemon=True) for v in visitors]
        log(f"load: {connections} members for {duration:.0f} s")
        for thread in workers:
            thread.start()
        pg_back_at = None
        notes["pg window"] = None
        for name, share in PHASES:
            phase["name"] = name
            ends = time.monotonic() + duration * share
            log(f"phase: {name}")
            if name == "Redis killed":
                stack.kill("redis")
            elif name == "PostgreSQL restarted":
                pg_down_at = time.time()
                notes["PostgreSQL restart took"] = f"{stack.pg_ctl('restart'):.1f} s"
                pg_back_at = time.time()
                notes["pg window"] = (pg_down_at, pg_back_at + RESTART_GRACE)
            elif name == "worker killed":
                stack.kill("worker")
                time.sleep(3)  # a supervisor (systemd Restart=always, RestartSec=3) starts it again
                stack.start_worker()
            elif name == "search index removed":
                shutil.rmtree(stack.data_dir / "search", ignore_errors=True)
            elif name == "media full, then read-only":
                if stack.mounted:
                    fill(stack.media)
            remaining = ends - time.monotonic()
            if name == "media full, then read-only":
                time.sleep(max(remaining / 2, 0))
                (stack.media / "filler.bin").unlink(missing_ok=True)
                if stack.mounted:
                    subprocess.run(["mount", "-o", "remount,ro", str(stack.media)], check=False)
                else:
                    os.chmod(stack.media, 0o555)
                remaining = ends - time.monotonic()
            time.sleep(max(remaining, 0))
            if name == "Redis killed":
                stack.start_redis()
            elif name == "PostgreSQL restarted":
                alive = stack.processes.get("worker") and stack.processes["worker"].poll() is None
                notes["worker process still running at the end of the PostgreSQL phase"] = "yes" if alive else "no"
            elif name == "search index removed":
                notes["search finds a thread by its title at the end of that phase"] = (
                    "yes" if search_finds(stack.web_port, cast["threads"][0][1]) else "no")
                notes["/healthz right after the index was removed, at the end of that phase"] = str(healthz(stack.web_port))
            elif name == "media full, then read-only":
                if stack.mounted:
                    subprocess.run(["mount", "-o", "remount,rw", str(stack.media)], check=False)
                else:
                    os.chmod(stack.media, 0o755)
        stop.set()
        for thread in workers:
            thread.join(timeout=30)

        log("checking acknowledged writes and the task queue")
        stored = {row[0] for row in database_rows(stack, "SELECT submission_token FROM forum_answer "
                                                         "WHERE submission_token LIKE 'faults-%%'")}
        lost_answers = [token for token in tally.acknowledged_answers if token not in stored]
        attachment_names = {row[0] for row in database_rows(stack, "SELECT image FROM forum_attachment")}
        lost_uploads = [url for url in tally.acknowledged_uploads
                        if urllib.parse.urlparse(url).path.removeprefix("/media/") not in attachment_names
                        or not (stack.media / urllib.parse.urlparse(url).path.removeprefix("/media/")).is_file()]
        queue = drain(stack)
        # Doubled in effect: the same answer stored twice, or a member told the same thing twice.
        notes["answers stored twice (same submission)"] = database_rows(
            stack, "SELECT count(*) FROM (SELECT submission_token FROM forum_answer WHERE submission_token LIKE "
                   "'faults-%%' GROUP BY submission_token HAVING count(*) > 1) AS doubled")[0][0]
        notes["notifications sent twice (same member, event and post)"] = database_rows(
            stack, "SELECT count(*) FROM (SELECT 1 FROM forum_notification WHERE verb <> 'badge_awarded' GROUP BY "
                   "recipient_id, verb, thread_id, answer_id, actor_id, text, url HAVING count(*) > 1) AS doubled")[0][0]
        # A repeatable badge (one per post) tells the same sentence for each post: the awards themselves
        # are what must not double (their unique constraints), so count those instead.
        notes["badges awarded twice (same member, badge and post)"] = database_rows(
            stack, "SELECT count(*) FROM (SELECT 1 FROM badges_award WHERE revoked_at IS NULL GROUP BY member_id, badge_id, source "
                   "HAVING count(*) > 1) AS doubled")[0][0]
        doubled = database_rows(stack, "SELECT verb, left(text, 60), count(*) FROM forum_notification "
                                       "WHERE verb <> 'badge_awarded' GROUP BY "
                                       "recipient_id, verb, thread_id, answer_id, actor_id, text, url "
                                       "HAVING count(*) > 1 ORDER BY 3 DESC LIMIT 5")
        if doubled:
            notes["the notifications sent twice"] = "; ".join(f"{verb} × {n}: “{text}”" for verb, text, n in doubled)
        waiting = database_rows(stack, "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
                                       "WHERE status IN ('READY', 'RUNNING') GROUP BY task_path ORDER BY 2 DESC")
        if waiting:
            notes["still waiting, by task"] = ", ".join(f"{path.rsplit('.', 1)[-1]} {n}" for path, n in waiting)
        made = database_rows(stack, "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
                                    "GROUP BY task_path ORDER BY 2 DESC")
        notes["tasks made during the run, by task"] = ", ".join(f"{path.rsplit('.', 1)[-1]} {n}" for path, n in made)
        first_after = None
        if pg_back_at:
            rows = database_rows(stack, "SELECT min(finished_at) FROM django_tasks_database_dbtaskresult "
                                        "WHERE finished_at > to_timestamp(%s)", pg_back_at)
            if rows and rows[0][0]:
                first_after = rows[0][0].timestamp() - pg_back_at
        notes["errors"] = logged_errors(stack.logs)
        write_report(output, duration=duration, connections=connections, tally=tally, notes=notes,
                     lost_answers=lost_answers, lost_uploads=lost_uploads, queue=queue, first_after=first_after,
                     stack=stack)
        for (label, status), said in sorted(tally.first_bodies.items(), key=str):
            log(f"first {status} on {label}: {said}")
        log(f"wrote {output}")
    finally:
        stack.stop()
        if keep_logs:
            shutil.copytree(stack.logs, keep_logs, dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)


CHAINED = ("Traceback (most recent call last)", "During handling of the above exception",
           "The above exception was the direct cause")


def logged_errors(folder: Path) -> Counter:
    """The exceptions the site and the worker logged: the last line of each traceback (the one
    raised), not the ones it was chained from."""
    found = Counter()
    for name in ("web.log", "worker.log"):
        path = folder / name
        if not path.exists():
            continue
        pending = None
        for line in [*path.read_text(errors="replace").splitlines(), "(end)"]:
            match = re.match(r"^([\w.]+(?:Error|Exception|Timeout|Refused)): (.{0,90})", line)
            if match:
                pending = f"{name.split('.')[0]}: {match.group(1)}: {match.group(2)}"
            elif not line.strip() or line[0].isspace() or line.startswith(CHAINED):
                continue
            elif pending:
                found[pending] += 1
                pending = None
    return found


def drain(stack: Stack) -> dict:
    """Give the worker DRAIN_SECONDS to empty the queue; then count tasks by status."""
    deadline = time.monotonic() + DRAIN_SECONDS
    counts: dict = {}
    started = time.monotonic()
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            counts = dict(database_rows(stack, "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                                               "GROUP BY status"))
            if not counts.get("READY") and not counts.get("RUNNING"):
                break
        time.sleep(1)
    counts["drained in"] = f"{time.monotonic() - started:.0f} s"
    return counts


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def write_report(output: Path, *, duration, connections, tally: Tally, notes, lost_answers, lost_uploads, queue,
                 first_after, stack: Stack) -> None:
    commit = git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if git("status", "--porcelain",
                                                                                        "--untracked-files=no") else "")
    postgres = subprocess.run([str(PG_BIN / "postgres"), "--version"], capture_output=True, text=True).stdout.strip()
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split(" sha")[0]
    lines = [
        "# Reliability under faults",
        "",
        "Measured by `make faults` (`scripts/faults.py`): a production-like site on loopback (gunicorn, 4 workers,",
        "`config.settings.production` via `scripts/faults_settings.py`, PostgreSQL and Redis of its own, the task",
        f"worker `manage.py {stack.worker_command}`, Whoosh search), {connections} signed-in members reading, searching,",
        f"answering and uploading for {duration:.0f} s while one part after another fails. Re-run it after a change",
        "and commit the new table. A request counts in the phase it started in; \"signed out\" counts writes",
        "refused because the member's session was gone (the client then signs in again). An upload to a full",
        "or read-only media disk is refused on purpose with 503 and a message (nothing half-written, the",
        "member's text kept); those are counted apart from failures below.",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- commit: {commit}",
        f"- machine: {platform.node() or 'unknown'}, {platform.system()} {platform.release()}, {os.cpu_count()} cores "
        f"(shared with other work while measuring), Python {platform.python_version()}, {postgres}, {redis}",
        f"- media: {notes.pop('media')}",
        "",
        "| phase | requests | 2xx/3xx | 4xx | 500 | other 5xx | no answer | signed out |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    totals = Counter()
    for name, _share in PHASES:
        counts = tally.statuses.get(name, Counter())
        row = Counter()
        for status, count in counts.items():
            if isinstance(status, int):
                key = "ok" if status < 400 else "4xx" if status < 500 else "500" if status == 500 else "5xx"
            else:
                key = "none"
            row[key] += count
        row["all"] = sum(counts.values())
        row["out"] = tally.signed_out.get(name, 0)
        totals.update(row)
        lines.append(f"| {name} | {row['all']} | {row['ok']} | {row['4xx']} | {row['500']} | {row['5xx']} | "
                     f"{row['none']} | {row['out']} |")
    lines.append(f"| **all** | {totals['all']} | {totals['ok']} | {totals['4xx']} | {totals['500']} | {totals['5xx']} | "
                 f"{totals['none']} | {totals['out']} |")
    window = notes.pop("pg window", None)
    inside = outside = refused_storage = 0
    outside_examples = Counter()
    for label, status, sent_at, answered_at, said in tally.failures:
        if window and sent_at <= window[1] and answered_at >= window[0]:
            inside += 1
        elif said == STORAGE_FULL:
            refused_storage += 1
        else:
            outside += 1
            outside_examples[f"{status} on {label}"] += 1
    lines += ["", "5xx and unanswered requests by time (each request's own span, not its phase):", ""]
    if window:
        lines.append(f"- during the PostgreSQL restart window ({window[1] - window[0]:.1f} s, "
                     f"the restart plus {RESTART_GRACE:.0f} s): {inside}")
    lines.append(f"- 503 on upload while the media disk was full or read-only ({STORAGE_FULL}): {refused_storage}")
    lines.append(f"- **any other 5xx or no answer: {outside}**"
                 + (" (" + ", ".join(f"{n} × {what}" for what, n in outside_examples.most_common()) + ")"
                    if outside else ""))
    lines += ["", "Acknowledged writes and the task queue:", ""]
    lines.append(f"- answers acknowledged (redirect to the new answer): {len(tally.acknowledged_answers)}, "
                 f"missing from the database: {len(lost_answers)}")
    lines.append(f"- images acknowledged (URL returned): {len(tally.acknowledged_uploads)}, "
                 f"missing (row or file): {len(lost_uploads)}")
    queue = dict(queue)
    drained = queue.pop("drained in")
    lines.append(f"- tasks after the load, once the worker had up to {DRAIN_SECONDS} s ({drained} used): "
                 + (", ".join(f"{status.lower()} {count}" for status, count in sorted(queue.items())) or "none"))
    lines.append("- first task finished after PostgreSQL came back: "
                 + (f"{first_after:.1f} s" if first_after is not None else "none within the run")
                 + " (the worker-killed phase restarts the worker "
                 + f"{duration * PHASES[2][1]:.0f} s after the restart, so a later figure may be that restart's doing)")
    errors = notes.pop("errors", Counter())
    for key, value in notes.items():
        lines.append(f"- {key}: {value}")
    if errors:
        lines += ["", "Exceptions logged by the site and the worker, handled or not (most frequent first):", ""]
        lines += [f"- {count} × `{text}`" for text, count in errors.most_common(12)]
    order = {name: n for n, (name, _share) in enumerate(PHASES)}
    refused = [(key, count) for key, count in tally.examples.items() if key[0] in order]
    if refused:
        lines += ["", "What was refused or failed, by phase:", ""]
        for (name, status, label), count in sorted(refused, key=lambda item: (order[item[0][0]], str(item[0][1:]))):
            lines.append(f"- {name}: {count} × {status} on {label}")
    lines += ["", "Targets (#11): 0 responses 5xx outside the PostgreSQL restart window, the worker processing",
              "again within 30 s of the database coming back, 0 acknowledged writes lost, 0 tasks lost.", ""]
    output.write_text("\n".join(lines))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load, split over the phases")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--output", type=Path, default=ROOT / "RELIABILITY.md")
    parser.add_argument("--logs", type=Path, help="copy the site's, worker's and Redis's logs here")
    args = parser.parse_args(argv)
    if not (PG_BIN / "initdb").exists() or not shutil.which("redis-server"):
        print(f"make faults needs PostgreSQL 15's server tools in {PG_BIN} and redis-server", file=sys.stderr)
        return 2
    limit = SETUP_ALLOWANCE + args.duration + DRAIN_SECONDS + 120

    def watchdog(*_):
        log(f"watchdog: still running after {limit:.0f} s, stopping")
        raise TimeoutError("the fault run took too long")

    signal.signal(signal.SIGALRM, watchdog)
    signal.signal(signal.SIGTERM, watchdog)
    signal.alarm(int(limit))
    try:
        run(args.duration, args.connections, args.output, args.logs)
    except TimeoutError as error:
        print(f"make faults: {error}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
