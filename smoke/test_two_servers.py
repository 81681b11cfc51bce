"""Two servers, one site: what an editor does through server A is what every visitor sees through
server B on the next request, despite each server's page cache, with uploads in the shared bucket
and sessions that work on either server."""

import datetime
import io
import re
import uuid

import pytest
import requests
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import expect

HTTP_TIMEOUT = 30
ADMIN = "admin"
ARTICLE = "/articles/who-is-a-good-candidate-for-ketamine-treatment/"
CONDITION = "/conditions/substance-use-disorder/"
QUOTE = "This place saved my life."


def form_data(form):
    """What a browser would post for this form as it stands: its inputs, textareas and selects."""
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", chosen.text) if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file", "image"):
            data[name] = field.get("value", "")
    return data


def the_form(response, action=None):
    soup = BeautifulSoup(response.text, "html.parser")
    form = soup.find("form", action=action) if action else soup.find("form")
    assert form is not None, f"no form posting to {action or 'anywhere'} on {response.url}"
    return form


def messages(response):
    found = BeautifulSoup(response.text, "html.parser").select(".messages")
    return " ".join(message.get_text(" ", strip=True) for message in found)


@pytest.fixture
def admin_session(stack):
    """Logs the administrator in through a server's login form; returns the requests session."""

    def log_in(server):
        session = requests.Session()
        login = session.get(f"{server}/admin/login/", timeout=HTTP_TIMEOUT)
        data = {**form_data(the_form(login)), "username": ADMIN, "password": stack.admin_password}
        response = session.post(f"{server}/admin/login/", data=data, timeout=HTTP_TIMEOUT)
        assert response.url == f"{server}/admin/", "the administrator could not log in"
        assert "sessionid" in session.cookies
        return session

    return log_in


def visit(url):
    """A visitor's GET: no cookie, no query string."""
    response = requests.get(url, timeout=HTTP_TIMEOUT, allow_redirects=False)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def warm(url):
    """Two visits: the second is answered from the page cache."""
    visit(url)
    second = visit(url)
    assert second.headers.get("X-Page-Cache") == "hit", f"{url}: the second visit was not a cache hit"
    return second


def heading(response):
    return BeautifulSoup(response.text, "html.parser").find("h1").get_text(strip=True)


def small_png():
    image = Image.new("RGB", (640, 360), "#1f6f8b")
    for x in range(0, 640, 40):
        image.paste("#f2c14e", (x, 160, x + 20, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def log_in_browser(page, server, password):
    page.goto(f"{server}/admin/login/")
    page.get_by_label("Username").fill(ADMIN)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{server}/admin/")


def test_an_image_uploaded_and_an_edit_published_through_a_are_seen_through_b(stack, admin_session, new_page):
    # A visitor has read the article through B, so B holds it in its page cache.
    before = warm(stack.b + ARTICLE)
    old_title = heading(before)

    # The editor uploads an image through A's admin; it lands in the shared bucket.
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    png = small_png()
    editor = admin_session(stack.a)
    add_form = editor.get(f"{stack.a}/admin/images/add/", timeout=HTTP_TIMEOUT)
    response = editor.post(
        f"{stack.a}/admin/images/add/",
        data={**form_data(the_form(add_form, "/admin/images/add/")), "title": name, "description": name},
        files={"file": (f"{name}.png", png, "image/png")},
        timeout=HTTP_TIMEOUT,
    )
    assert response.url == f"{stack.a}/admin/images/", messages(response) or response.text[:2000]
    assert f"Image '{name}' added." in messages(response)
    s3 = stack.s3()
    stored = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=stack.bucket, Prefix="original_images/").get("Contents", [])
        if name in item["Key"]
    ]
    assert len(stored) == 1, stored
    assert s3.get_object(Bucket=stack.bucket, Key=stored[0])["Body"].read() == png

    # Through A's admin, in a browser (the page editor is JavaScript): the image becomes the
    # article's hero, the title changes, and the page is published.
    article_id = re.search(r"/admin/pages/(\d+)/edit/", editor.get(stack.a + ARTICLE).text).group(1)
    new_title = f"{old_title} ({name})"
    page = new_page()
    log_in_browser(page, stack.a, stack.admin_password)
    page.goto(f"{stack.a}/admin/pages/{article_id}/edit/")
    chooser = page.locator("#id_hero_image-chooser")
    # The demo article has a hero image already: it is changed from the chooser's actions menu.
    if chooser.locator(".chooser__choose-button").is_visible():
        chooser.locator(".chooser__choose-button").click()
    else:
        chooser.get_by_role("button", name="Actions").click()
        page.get_by_role("button", name="Change image").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.get_by_placeholder("Search").fill(name)
    choice = modal.locator("[data-chooser-modal-choice]")
    expect(choice).to_have_count(1)
    choice.click()
    expect(modal).to_have_count(0)
    expect(chooser.locator("[data-chooser-title]")).to_have_text(name)
    page.locator("#id_title").fill(new_title)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text(f"Page '{new_title}' has been published.")

    # The very next visit through B shows the edit, with the image from the bucket.
    after = visit(stack.b + ARTICLE)
    assert heading(after) == new_title
    assert after.headers.get("X-Page-Cache") == "miss"
    soup = BeautifulSoup(after.text, "html.parser")
    hero = soup.select_one(".article__hero")
    assert hero is not None, "the article shows no hero image"
    bucket_url = f"{stack.s3_endpoint}/{stack.bucket}/"
    urls = [hero.find("img")["src"]] + [
        candidate.split()[0]
        for source in hero.find_all("source")
        for candidate in source["srcset"].split(",")
    ]
    assert urls and all(url.startswith(bucket_url) for url in urls), urls
    for url in {urls[0], urls[-1]}:
        rendition = requests.get(url, timeout=HTTP_TIMEOUT)
        assert rendition.status_code == 200, url
        assert rendition.headers["Content-Type"].startswith("image/")
        assert Image.open(io.BytesIO(rendition.content)).width <= 640
        assert s3.head_object(Bucket=stack.bucket, Key=url.removeprefix(bucket_url))

    # A browser on B shows it: the Content Security Policy lets the page load it from the bucket.
    visitor = new_page()
    blocked = []
    visitor.on(
        "console", lambda message: "Content Security Policy" in message.text and blocked.append(message)
    )
    visitor.goto(stack.b + ARTICLE)
    expect(visitor.locator("h1")).to_have_text(new_title)
    hero_image = visitor.locator(".article__hero img")
    expect(hero_image).to_be_visible()
    hero_image.evaluate("image => image.decode()")
    assert hero_image.evaluate("image => image.naturalWidth") > 0
    assert hero_image.evaluate("image => image.currentSrc").startswith(bucket_url)
    assert not blocked, [message.text for message in blocked]


def test_a_document_uploaded_through_a_is_served_through_b_and_never_straight_from_the_bucket(
    stack, admin_session
):
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    content = b"%PDF-1.4\n% a smoke test document " + name.encode()
    editor = admin_session(stack.a)
    add_form = editor.get(f"{stack.a}/admin/documents/add/", timeout=HTTP_TIMEOUT)
    response = editor.post(
        f"{stack.a}/admin/documents/add/",
        data={**form_data(the_form(add_form, "/admin/documents/add/")), "title": name},
        files={"file": (f"{name}.pdf", content, "application/pdf")},
        timeout=HTTP_TIMEOUT,
    )
    assert f"Document '{name}' added." in messages(response), messages(response) or response.text[:2000]
    key = f"documents/{name}.pdf"
    assert stack.s3().get_object(Bucket=stack.bucket, Key=key)["Body"].read() == content

    # The bucket does not hand it out (the site checks a document's privacy before serving it).
    assert requests.get(f"{stack.s3_endpoint}/{stack.bucket}/{key}", timeout=HTTP_TIMEOUT).status_code == 403
    # The listing links to it on the site: /documents/<id>/<file name>.
    link = BeautifulSoup(response.text, "html.parser").find(
        "a", href=re.compile(rf"^/documents/\d+/{name}\.pdf$")
    )
    assert link is not None, "the documents listing has no link to the new document"
    served = requests.get(stack.b + link["href"], timeout=HTTP_TIMEOUT)
    assert served.url == stack.b + link["href"], f"redirected to {served.url}"
    assert served.status_code == 200
    assert served.content == content


def test_a_withdrawn_testimonial_leaves_the_condition_page_on_both_servers_at_once(stack, admin_session):
    # Both servers hold the condition page, with the testimonial, in their page caches.
    for server in (stack.a, stack.b):
        assert QUOTE in warm(server + CONDITION).text

    # Through A's admin: the patient withdrew consent today.
    editor = admin_session(stack.a)
    listing = editor.get(f"{stack.a}/admin/snippets/stories/testimonial/", timeout=HTTP_TIMEOUT)
    edit_url = re.search(r"/admin/snippets/stories/testimonial/edit/\d+/", listing.text).group(0)
    form = the_form(editor.get(stack.a + edit_url, timeout=HTTP_TIMEOUT), edit_url)
    data = {
        **form_data(form),
        "consent_revoked_on": datetime.date.today().isoformat(),
        "consent_revoked_by": "Front desk (smoke test)",
    }
    response = editor.post(stack.a + edit_url, data=data, timeout=HTTP_TIMEOUT)
    assert "Consent withdrawn" in messages(response), messages(response) or response.text[:2000]

    # The next visit to either server no longer shows the patient's words.
    for server in (stack.a, stack.b):
        page = visit(server + CONDITION)
        assert QUOTE not in page.text, f"{server} still shows the withdrawn testimonial"
        assert page.headers.get("X-Page-Cache") == "miss"


def test_a_session_started_on_a_works_on_b(stack, admin_session):
    # Without a session, B's admin asks for a login.
    assert "/admin/login/" in requests.get(f"{stack.b}/admin/", timeout=HTTP_TIMEOUT).url

    session = admin_session(stack.a)
    dashboard = session.get(f"{stack.b}/admin/", timeout=HTTP_TIMEOUT, allow_redirects=False)
    assert dashboard.status_code == 200
    assert BeautifulSoup(dashboard.text, "html.parser").title.get_text().startswith("Dashboard")
