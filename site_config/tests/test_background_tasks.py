"""Background work off the request (issue 12, item 6): with the database task backend, as in
production, a publish, an upload and a request's mail leave tasks for the worker. The
worker (`manage.py db_worker`, run here in batch mode) then updates the search and reference
indexes, makes the renditions and sends the mail. A command's mail goes at once, so the
command can report a failure.

The worker takes its own transactions, as it does in its own process, so most of these tests
are transactional (each starts from `wagtail_tree`).
"""

import base64
import datetime
import email
import email.policy
import json
import socket
from io import StringIO
from pathlib import Path

from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import Collection, ReferenceIndex
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup
from django_tasks_db.models import DBTaskResult

from home.tasks import site_rendition_specs
from site_config.mail import WrittenMessage, written
from stories.models import ArticlePage, Person

from .support import production_settings, restore_wagtail_base_data

ROOT = Path(__file__).resolve().parents[2]
Image = get_image_model()
Rendition = Image.get_rendition_model()

# What production.py sets: both backends in the database, one worker for each.
IN_THE_DATABASE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
INDEX_TASKS = {"modelsearch.tasks.insert_or_update_object_task", "wagtail.tasks.update_reference_index_task"}
WORD = "zygomorphic"  # in no other page


def run_worker():
    """`manage.py db_worker --backend default --queue-name '*'`, until the queue is empty."""
    call_command(
        "db_worker",
        "--backend",
        "default",
        "--queue-name",
        "*",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        stdout=StringIO(),
    )


def queued():
    return list(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))


def search_results(client, query):
    html = BeautifulSoup(client.get("/search/", {"q": query}).content, "html.parser")
    return [link["href"] for link in html.select(".search-result__title a")]


@pytest.fixture
def wagtail_tree(transactional_db):
    """What Wagtail's migrations make, made again when an earlier transactional test's flush
    has emptied the database."""
    restore_wagtail_base_data()


def article_form(client, add_url, **fields):
    """What the article form posts: every field it renders, with the editor's values."""
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    fields = {
        "title": "Ketamine and the brain",
        "slug": "ketamine-and-the-brain",
        "date": "2026-03-09",
        "intro": f"A {WORD} account of what the research says.",
        # The StreamField is drawn by JavaScript, so the rendered form has no inputs for it.
        "body": streamfield([("text", rich_text("<p>Early trials.</p>"))]),
        "action-publish": "action-publish",
        **fields,
    }
    for name, value in nested_form_data(fields).items():
        data[name] = value
    return dict(data.lists())


@pytest.mark.django_db(transaction=True)
def test_a_publish_through_the_admin_leaves_the_index_updates_to_the_worker(
    wagtail_tree, superuser_client, article_index
):
    author = Person.objects.create(name="Dana Writer")
    add_url = reverse("wagtailadmin_pages:add", args=["stories", "articlepage", article_index.pk])
    form = article_form(superuser_client, add_url, author=str(author.pk))

    with override_settings(TASKS=IN_THE_DATABASE):
        response = superuser_client.post(add_url, form)

        assert response.status_code == 302
        article = ArticlePage.objects.get(slug="ketamine-and-the-brain")
        assert article.live
        assert set(queued()) == INDEX_TASKS
        assert search_results(superuser_client, WORD) == []
        assert not ReferenceIndex.get_references_to(author).exists()

        run_worker()

        assert queued() == []
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
        assert search_results(superuser_client, WORD) == [article.url]
        assert [ref.object_id for ref in ReferenceIndex.get_references_to(author)] == [str(article.pk)]


def upload(client, name, data):
    file = SimpleUploadedFile(name, data, content_type="image/jpeg")
    collection = Collection.get_first_root_node()
    return client.post(
        reverse("wagtailimages:add"), {"title": "Calm room", "file": file, "collection": collection.pk}
    )


def rendition_inserts(queries):
    return [
        q["sql"] for q in queries if q["sql"].startswith("INSERT") and Rendition._meta.db_table in q["sql"]
    ]


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_image_gets_its_renditions_from_the_worker_before_any_page_shows_it(
    wagtail_tree, superuser_client, client, media, make_article
):
    jpeg = get_test_image_file_jpeg("calm-room.jpg", size=(1600, 900)).file.getvalue()

    with override_settings(TASKS=IN_THE_DATABASE):
        response = upload(superuser_client, "calm-room.jpg", jpeg)

        assert response.status_code == 302
        image = Image.objects.get()
        assert queued().count("home.tasks.make_site_renditions") == 1
        assert not image.renditions.exists()  # none made in the upload's request

        run_worker()

    assert {rendition.filter_spec for rendition in image.renditions.all()} == set(site_rendition_specs())
    made = image.renditions.count()
    make_article(title="A calm article", slug="a-calm-article", hero_image=image, hero_alt="A calm room")
    cache.clear()  # as another server would: renditions read from the database, not this cache

    with CaptureQueriesContext(connection) as queries:
        article_page = client.get("/articles/a-calm-article/")
        index_page = client.get("/articles/")

    assert article_page.status_code == index_page.status_code == 200
    assert "<picture>" in article_page.content.decode() and "<picture>" in index_page.content.decode()
    assert rendition_inserts(queries) == []
    assert image.renditions.count() == made


@pytest.fixture
def mail_in_the_worker(settings):
    """Production's mail settings, with the worker delivering to the test outbox."""
    settings.EMAIL_BACKEND = "site_config.mail.WorkerEmailBackend"
    settings.EMAIL_WORKER_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_mail_is_sent_by_the_worker_not_the_request(
    wagtail_tree, client, superuser, mail_in_the_worker
):
    with override_settings(TASKS=IN_THE_DATABASE):
        response = client.post(reverse("wagtailadmin_password_reset"), {"email": superuser.email})

        assert response.status_code == 302
        assert mail.outbox == []
        assert queued() == ["site_config.mail.send_written_mail"]

        run_worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    sent = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    assert mail.outbox[0].recipients() == [superuser.email]
    assert sent["To"] == superuser.email
    assert "password" in sent["Subject"].lower()
    bodies = [part.get_payload(decode=True).decode() for part in sent.walk() if not part.is_multipart()]
    assert any("/admin/password_reset/confirm/" in body for body in bodies)


def closed_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_message_reaches_the_worker_as_it_was_written():
    """Subject, text, HTML alternative, attachment and Bcc survive the queue's JSON arguments."""
    message = mail.EmailMultiAlternatives(
        "Révision demandée", "Corps é\n" + "x" * 1200, "Clinic <web@example.com>", ["zoe@example.com"]
    )
    message.bcc = ["audit@example.com"]
    message.attach_alternative("<p>Corps é</p>", "text/html")
    message.attach("notes.bin", b"\x00\xff" * 100, "application/octet-stream")

    from_email, recipients, data = json.loads(json.dumps(written(message)))  # as the task stores them
    again = WrittenMessage(from_email, recipients, base64.b64decode(data))
    wire = again.message().as_bytes(linesep="\r\n")
    sent = email.message_from_bytes(again.message().as_bytes(), policy=email.policy.default)

    assert again.from_email == "Clinic <web@example.com>"
    assert again.recipients() == ["zoe@example.com", "audit@example.com"]
    assert wire == base64.b64decode(data) and again.message().as_bytes() == wire.replace(b"\r\n", b"\n")
    assert sent["Subject"] == "Révision demandée"
    assert sent["To"] == "zoe@example.com" and sent["Bcc"] is None
    assert sent.get_body(("plain",)).get_content() == "Corps é\n" + "x" * 1200
    assert sent.get_body(("html",)).get_content() == "<p>Corps é</p>"
    [attachment] = sent.iter_attachments()
    assert attachment.get_filename() == "notes.bin"
    assert attachment.get_content() == b"\x00\xff" * 100


@pytest.mark.django_db
def test_a_commands_mail_is_sent_at_once_and_a_refusal_is_reported(
    settings, mail_in_the_worker, editor, make_testimonial
):
    """The expiry command runs from a scheduler: its mail is not queued, so its failure shows."""
    settings.EMAIL_WORKER_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_loopback_port()
    make_testimonial(consent_expires=timezone.localdate() - datetime.timedelta(days=1))

    with override_settings(TASKS=IN_THE_DATABASE):
        with pytest.raises(CommandError, match=r"emailing 1 editor\(s\) failed: ConnectionRefused"):
            call_command("unpublish_expired_testimonials", stdout=StringIO())
        assert "site_config.mail.send_written_mail" not in queued()


def chosen_backends(tmp_path, **extra):
    """What a production process chooses for its tasks and mail (its environment only)."""
    return production_settings(
        "{'TASKS': s.TASKS, 'EMAIL_BACKEND': s.EMAIL_BACKEND, "
        "'EMAIL_WORKER_BACKEND': getattr(s, 'EMAIL_WORKER_BACKEND', None)}",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="submission://clinic:secret@mail.example.com:587",
        **extra,
    )


def test_production_queues_background_work_and_mail_in_the_database(tmp_path):
    chosen = chosen_backends(tmp_path)

    assert chosen["TASKS"] == IN_THE_DATABASE
    assert chosen["EMAIL_BACKEND"] == "site_config.mail.WorkerEmailBackend"
    assert chosen["EMAIL_WORKER_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_a_small_server_without_a_worker_may_run_the_default_tasks_in_the_request(tmp_path):
    chosen = chosen_backends(tmp_path, TASKS_IMMEDIATE="1")

    assert chosen["TASKS"] == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    assert chosen["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert chosen["EMAIL_WORKER_BACKEND"] is None


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_is_reported_then_runs_again(wagtail_tree, article_index, client):
    """A worker killed mid-job leaves its task RUNNING for ever; `stalled_tasks` names it (exit 1,
    for the scheduler's alert) and, with --requeue, the next worker runs it."""
    with override_settings(TASKS=IN_THE_DATABASE):
        article = ArticlePage(title=f"The {WORD} trial", slug="the-trial", intro="What it found.")
        article_index.add_child(instance=article)
        article.save_revision().publish()
        index_task = DBTaskResult.objects.filter(
            task_path="modelsearch.tasks.insert_or_update_object_task"
        ).first()
        # What the worker's claim writes, two hours ago; then the worker was killed.
        index_task.claim("worker-killed-mid-job")
        DBTaskResult.objects.filter(pk=index_task.pk).update(
            started_at=timezone.now() - datetime.timedelta(hours=2)
        )
        run_worker()  # the other tasks; the stalled one is not READY, so no worker takes it
        assert DBTaskResult.objects.get(pk=index_task.pk).status == "RUNNING"

        with pytest.raises(CommandError, match=r"1 task\(s\) running for over 60 minutes"):
            call_command("stalled_tasks", stdout=(report := StringIO()))
        assert str(index_task.pk) in report.getvalue()
        assert "modelsearch.tasks.insert_or_update_object_task" in report.getvalue()
        # A task started recently is not stalled.
        call_command("stalled_tasks", "--older-than", "180", stdout=StringIO())

        with pytest.raises(CommandError, match="queued again"):
            call_command("stalled_tasks", "--requeue", stdout=StringIO())
        run_worker()

        rerun = DBTaskResult.objects.get(pk=index_task.pk)
        assert rerun.status == "SUCCESSFUL"
        assert rerun.worker_ids[0] == "worker-killed-mid-job" and len(rerun.worker_ids) == 2
        call_command("stalled_tasks", stdout=(clear := StringIO()))
        assert "No task has been running" in clear.getvalue()
