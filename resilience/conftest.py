"""The production stack with its parts taken away: gunicorn (production settings) on a PostgreSQL
database, a Redis server and an S3 server (moto's) of its own, each reached through a loopback
TCP proxy that a test can cut (every open connection dropped, new ones refused) and restore, as
when a server restarts or the network to it fails.

`make resilience` runs these with DATABASE_URL pointing at the machine's PostgreSQL
(.ci/postgres.sh); the fixtures make a fresh database with the demo content (its media in the S3
server), start redis-server, moto_server and gunicorn, and stop them at the end. Nothing leaves
loopback.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests

from home.tests.network import TcpProxy, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "resilience-test-key-0123456789-abcdefghijklmnopqrstuvwxyz"
WORKERS = 2
BUCKET = "clinic-media"
ADMIN, ADMIN_PASSWORD = "resilience-admin", "resilience-admin-password-0123456789"
# moto accepts any credentials.
S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_S3_ADDRESSING_STYLE": "path",
    "AWS_ACCESS_KEY_ID": "resilience",
    "AWS_SECRET_ACCESS_KEY": "resilience-secret",
}


@dataclass
class Answer:
    status: int
    headers: dict
    body: str


@dataclass
class Stack:
    url: str
    database: TcpProxy
    cache: TcpProxy
    storage: TcpProxy
    log: Path
    manage_env: dict  # for manage.py: the database, Redis and S3 directly, not through the proxies
    admin_url: str
    database_name: str
    server_pid: int

    def s3(self):
        """The bucket, reached directly (not through the proxy)."""
        return boto3.resource(
            "s3",
            endpoint_url=self.manage_env["AWS_S3_ENDPOINT_URL"],
            region_name=S3_ENV["AWS_S3_REGION_NAME"],
            aws_access_key_id=S3_ENV["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_ENV["AWS_SECRET_ACCESS_KEY"],
        ).Bucket(BUCKET)

    def manage(self, *args):
        """manage.py with the stack's settings, on its database, Redis and S3 directly."""
        return run([sys.executable, "manage.py", *args], self.manage_env, timeout=600)

    def admin_session(self):
        """The administrator, logged in through the login form."""
        session = requests.Session()
        session.get(f"{self.url}/admin/login/", timeout=30)
        response = session.post(
            f"{self.url}/admin/login/",
            data={
                "username": ADMIN,
                "password": ADMIN_PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": f"{self.url}/admin/login/"},
            timeout=30,
        )
        assert response.url == f"{self.url}/admin/", "the administrator could not log in"
        return session

    def workers(self):
        """The pids of gunicorn's worker processes (the master's children)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.server_pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def get(self, path, **headers):
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode())

    def log_lines(self):
        return self.log.read_text().splitlines()


def until(check, seconds=30):
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.2)
    return result


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail("DATABASE_URL must point at PostgreSQL: run these with `make resilience`.", pytrace=False)
    return urllib.parse.urlsplit(url)


def recreate_database(admin, name):
    """An empty database of that name, whoever was connected to the old one."""
    run([sys.executable, "-c", RECREATE_DATABASE, admin, name], {"PATH": os.environ["PATH"]})


def run(args, env, timeout=300):
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    server = postgres_url()
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.fail("redis-server is missing: `make resilience` installs it.", pytrace=False)
    moto_server = Path(sys.executable).with_name("moto_server")
    state = tmp_path_factory.mktemp("resilience")
    database = "clinic_resilience"
    admin = f"{server.scheme}://{server.netloc}/{server.path.lstrip('/') or 'postgres'}"
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOCAL_PLAIN_HTTP": "1",
        "TASKS_IMMEDIATE": "1",
        "STATIC_ROOT": str(state / "static"),
        **S3_ENV,
        "WEB_CONCURRENCY": str(WORKERS),
        # Connections kept between requests: the case where a lost one must be noticed and replaced.
        "DB_CONN_MAX_AGE": "60",
    }
    s3_port = free_port()
    s3 = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(s3_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(s3_port, process=s3)
    recreate_database(admin, database)
    direct = {
        **env,
        "DATABASE_URL": f"{server.scheme}://{server.netloc}/{database}",
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
    }
    boto3.client(
        "s3",
        endpoint_url=direct["AWS_S3_ENDPOINT_URL"],
        region_name=S3_ENV["AWS_S3_REGION_NAME"],
        aws_access_key_id=S3_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_ENV["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(Bucket=BUCKET)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], direct)
    run([sys.executable, "manage.py", "load_demo_content"], direct, timeout=600)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], direct)
    run(
        [
            sys.executable,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN,
            "--email",
            "a@example.com",
        ],
        {**direct, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
    )

    redis_port = free_port()
    redis = subprocess.Popen(
        [redis_server, "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(redis_port, process=redis)
    database_proxy = TcpProxy(server.port or 5432)
    cache_proxy = TcpProxy(redis_port)
    storage_proxy = TcpProxy(s3_port)

    port = free_port()
    log = state / "gunicorn.log"
    with log.open("w") as log_file:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "site_config/gunicorn.conf.py", "site_config.wsgi"],
            env={
                **env,
                "BIND": f"127.0.0.1:{port}",
                "DATABASE_URL": f"{server.scheme}://{server.username}:{server.password}@127.0.0.1:{database_proxy.port}/{database}",
                "CACHE_URL": f"redis://127.0.0.1:{cache_proxy.port}/0",
                "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{storage_proxy.port}",
            },
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    manage_env = {**direct, "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0"}
    try:
        wait_for_port(port, process=gunicorn)
        yield Stack(
            f"http://127.0.0.1:{port}",
            database_proxy,
            cache_proxy,
            storage_proxy,
            log,
            manage_env,
            admin,
            database,
            gunicorn.pid,
        )
    finally:
        for process in (gunicorn, redis, s3):
            process.terminate()
        for process in (gunicorn, redis, s3):
            process.wait(timeout=30)


RECREATE_DATABASE = """
import sys, psycopg
admin, name = sys.argv[1], sys.argv[2]
with psycopg.connect(admin, autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.execute(f'CREATE DATABASE "{name}"')
"""
