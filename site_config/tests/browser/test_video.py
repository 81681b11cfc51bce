"""The video block in Chromium: an embedded video asks no other site for anything until the visitor
presses play, with the keyboard here; then only the provider's player is asked for. A video file
plays from the site's /documents/, with its captions.

Every request to a host other than the live server's is recorded and aborted: nothing leaves the
machine, and the test sees what the page would have fetched.
"""

import re
from urllib.parse import urlsplit

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, Site

import pytest

from home.tests.factories import HomePageFactory, StandardPageFactory
from site_config.demo_video import add_demo_video
from site_config.tests.support import restore_wagtail_base_data

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

YOUTUBE_URL = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
YOUTUBE_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/M7lc1UVf-VE?feature=oembed" '
    'frameborder="0" allowfullscreen title="How a consultation works"></iframe>'
)
PLAYER = "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?feature=oembed&autoplay=1"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def text(html):
    return {"type": "text", "value": html}


@pytest.fixture
def video_page(live_server, media):
    """A live page with a video file (captions, poster) and, below a screenful of text, a YouTube
    video whose oEmbed answer is stored as if the editor had saved it."""
    restore_wagtail_base_data()
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    host, port = re.match(r"https?://([^:/]+):(\d+)", live_server.url).groups()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": host, "port": int(port), "root_page": home}
    )
    # The demo video as the demo content adds it; a second call finds what the first added.
    demo_video = add_demo_video()
    assert add_demo_video() == demo_video
    poster = get_image_model().objects.get(pk=demo_video["poster"])
    Embed.objects.create(
        url=YOUTUBE_URL,
        hash=get_embed_hash(YOUTUBE_URL),
        type="video",
        html=YOUTUBE_HTML,
        title="How a consultation works",
        provider_name="YouTube",
        thumbnail_url="https://i.ytimg.com/vi/M7lc1UVf-VE/hqdefault.jpg",
    )
    body = [
        {"type": "video", "value": demo_video},
        *[text("<p>" + "A paragraph to scroll past. " * 40 + "</p>") for _ in range(6)],
        {
            "type": "video",
            "value": {
                **demo_video,
                "title": "Meet the team",
                "source": "embed",
                "video": None,
                "captions": None,
                "no_speech": False,
                "embed_url": YOUTUBE_URL,
                "poster": poster.pk,
            },
        },
    ]
    page = StandardPageFactory(parent=home, title="Videos", body=body)
    return live_server.url + page.url


@pytest.fixture
def off_site_requests(page):
    """Every request the page makes to another host, aborted; the URLs in the order made."""
    made = []

    def handle(route):
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS or url.startswith("data:"):
            route.continue_()
        else:
            made.append(url)
            route.abort()

    page.context.route("**/*", handle)
    return made


def test_an_embedded_video_asks_the_provider_only_when_played(
    page, video_page, off_site_requests, screenshot
):
    page.goto(video_page)
    page.wait_for_load_state("networkidle")
    assert off_site_requests == []

    page.mouse.wheel(0, 20_000)
    page.locator(".video--embed picture img").evaluate("img => img.decode()")
    page.wait_for_load_state("networkidle")
    assert off_site_requests == []
    assert page.locator("iframe").count() == 0
    screenshot(page, "embed-before-play")

    button = page.get_by_role("button", name="Play video: Meet the team")
    button.focus()
    page.keyboard.press("Enter")

    player = page.locator(".video--embed iframe")
    player.wait_for(state="attached")
    page.wait_for_timeout(500)
    assert off_site_requests == [PLAYER]
    assert player.get_attribute("title") == "Meet the team"
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert button.count() == 0  # the player took the poster's place


def test_a_video_file_plays_from_the_documents_with_its_captions(page, video_page, off_site_requests):
    page.goto(video_page)
    video = page.locator("video")
    # preload="none": nothing of the video is fetched before the visitor plays it.
    assert video.evaluate("v => v.readyState") == 0

    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    assert video.evaluate("v => v.currentSrc").endswith("/consultation.webm")
    assert "/documents/" in video.evaluate("v => v.currentSrc")

    page.wait_for_function("() => document.querySelector('video track').readyState === 2")
    cues = video.evaluate("v => Array.from(v.textTracks[0].cues, cue => cue.text)")
    assert cues[0] == "[On screen] How a consultation works"
    assert video.evaluate("v => v.textTracks[0].mode") == "showing"
    assert video.evaluate("v => v.error") is None
    assert off_site_requests == []


def test_both_kinds_of_video_pass_axe(new_page, video_page):
    # axe-core is injected as an inline script, which the site's policy rightly refuses.
    page = new_page(bypass_csp=True)
    page.context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname in LOCAL_HOSTS else route.abort()
        ),
    )
    page.goto(video_page)
    assert axe_violations(page, "figure.video") == []
