"""Backing up and restoring the site: the database and every file in the default storage (the
media: uploaded images and their renditions, documents), whichever database and storage the
settings name (PostgreSQL or SQLite; object storage or a folder).

A backup is a folder:
    database.dump       PostgreSQL's custom format (pg_dump), or database.sqlite3 (SQLite's own copy)
    media/...           every file in the default storage, under its name there
    manifest.json       when, from what, and each file's size and SHA-256

`manage.py backup_site DIR` writes one; `manage.py restore_site DIR` checks it against its
manifest (a missing or altered file stops it before anything is touched), restores the database
over the current one, puts every file back under its name, and empties the cache (the page
cache and fragments hold what was there before). docs/deploy.md says when to run them.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored, with what to do about it."""


def storage_files(storage=default_storage, folder=""):
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, f"{folder}/{name}" if folder else name)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def postgres_env():
    settings = connection.settings_dict
    env = {**os.environ, "PGDATABASE": settings["NAME"]}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def run(args):
    result = subprocess.run(args, env=postgres_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


def back_up(folder):
    """Writes a backup into `folder` (made if missing; refused if it already holds one)."""
    folder = Path(folder)
    if (folder / MANIFEST).exists():
        raise BackupError(f"{folder} already holds a backup; choose a new folder.")
    media = folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        database = "database.dump"
        run(["pg_dump", "--format=custom", "--no-owner", f"--file={folder / database}"])
    elif connection.vendor == "sqlite":
        database = "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(folder / database) as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
    files = {}
    for name in storage_files():
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        files[name] = {"bytes": target.stat().st_size, "sha256": sha256(target)}
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": database, "sha256": sha256(folder / database)},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def checked_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        database = manifest["database"]
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"{folder} is not a backup this site made (no readable {MANIFEST}: {error})."
        ) from None
    if database.get("vendor") != connection.vendor:
        raise BackupError(
            f"The backup is of a {database.get('vendor')} database; this site runs on {connection.vendor}."
        )
    expected = [(folder / database["file"], database["sha256"])]
    expected += [(folder / "media" / name, entry["sha256"]) for name, entry in files.items()]
    for path, digest in expected:
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {path} is missing. Nothing was restored.")
        if sha256(path) != digest:
            raise BackupError(
                f"The backup is damaged: {path} differs from its manifest. Nothing was restored."
            )
    return manifest


def restore(folder):
    """Restores the backup in `folder` over the current database and storage."""
    folder = Path(folder)
    manifest = checked_manifest(folder)
    database = folder / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        connection.close()
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={postgres_env()['PGDATABASE']}",
                str(database),
            ]
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(database) as source:
            source.backup(connection.connection)
        connection.close()
    for name in manifest["files"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(folder / "media" / name, "rb") as source:
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}: the storage renamed it.")
    cache.clear()
    return manifest
