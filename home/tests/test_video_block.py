"""The video block: alone (to_python, clean, render, preview), on a page (its query count does not
grow with its videos), and through the page editor.

No test asks YouTube or Vimeo anything: an embed's oEmbed answer is stored in Wagtail's Embed table
first, where the embed lookup reads it before any provider.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.base import ContentFile

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import rich_text

import pytest

from home.blocks import BaseStreamBlock
from home.models import StandardPage
from home.video_blocks import POSTER_IMAGES, VideoBlock

from .factories import StandardPageFactory
from .support import edit_page, html_errors, queries_to_serve, soup

Document = get_document_model()
Image = get_image_model()
DEMO_MEDIA = Path(__file__).resolve().parents[2] / "site_config" / "demo_media"

YOUTUBE_URL = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
YOUTUBE_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/M7lc1UVf-VE?feature=oembed" '
    'frameborder="0" allow="autoplay; encrypted-media" allowfullscreen title="Consultation"></iframe>'
)
VIMEO_URL = "https://vimeo.com/76979871"
VIMEO_HTML = (
    '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e&amp;app_id=122963" width="640" '
    'height="360" frameborder="0" allow="autoplay; fullscreen" title="Consultation"></iframe>'
)


@pytest.fixture
def stored_embed(db):
    """The provider's oEmbed answer for a URL, as Wagtail stores it after the editor saves."""

    def store(url=YOUTUBE_URL, html=YOUTUBE_HTML, provider="YouTube"):
        return Embed.objects.create(
            url=url,
            hash=get_embed_hash(url),
            type="video",
            html=html,
            title="How a consultation works",
            provider_name=provider,
            thumbnail_url="https://i.ytimg.com/vi/M7lc1UVf-VE/hqdefault.jpg",
            width=640,
            height=360,
        )

    return store


@pytest.fixture
def make_document(media):
    def make(filename="consultation.webm", content=None, collection=None, title=None):
        if content is None:
            source = DEMO_MEDIA / filename
            content = source.read_bytes() if source.exists() else b"WEBVTT\n"
        fields = {"collection": collection} if collection is not None else {}
        return Document.objects.create(
            title=title or filename, file=ContentFile(content, name=filename), **fields
        )

    return make


@pytest.fixture
def video(make_document):
    return make_document("consultation.webm")


@pytest.fixture
def captions(make_document):
    return make_document("consultation.vtt")


@pytest.fixture
def poster(media):
    return Image.objects.create(
        title="Consultation poster", file=get_test_image_file_jpeg("poster.jpg", size=(1600, 900))
    )


@pytest.fixture
def private_collection(db):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    # A collection inside a private one is private too.
    return private.add_child(name="Training")


def raw_file_video(video=None, captions=None, poster=None, **fields):
    return {
        "source": "file",
        "title": "How a consultation works",
        "video": video.pk if video else None,
        "captions": captions.pk if captions else None,
        "caption_language": "en",
        "no_speech": False,
        "embed_url": "",
        "poster": poster.pk if poster else None,
        "transcript": "<p>A nurse welcomes you.</p>",
        **fields,
    }


def raw_embed_video(url=YOUTUBE_URL, poster=None, **fields):
    return raw_file_video(poster=poster, **{"source": "embed", "embed_url": url, **fields})


def render(raw):
    block = VideoBlock()
    return soup(block.render(block.to_python(raw)))


def field_errors(excinfo):
    """{field: [messages]} of a StructBlockValidationError."""
    return {name: error.messages for name, error in excinfo.value.block_errors.items()}


def clean(raw):
    block = VideoBlock()
    return block.clean(block.to_python(raw))


def off_site(url):
    host = urlsplit(url or "").hostname
    return host is not None and host not in {"testserver", "localhost", "127.0.0.1"}


def requests_on_load(html):
    """What a browser would fetch from other sites on loading `html`: frames, scripts, images,
    media, styles and preloads, outside <template> (inert) and data attributes (never fetched)."""
    for template in html.find_all("template"):
        template.decompose()
    fetched = []
    for element in html.find_all(["iframe", "script", "img", "source", "video", "audio", "track", "link"]):
        for attribute in ("src", "srcset", "poster", "href" if element.name == "link" else "-"):
            for candidate in (element.get(attribute) or "").split(","):
                url = candidate.strip().split(" ")[0]
                if off_site(url):
                    fetched.append(f"<{element.name} {attribute}={url}>")
    return fetched


# Alone: a file video.


@pytest.mark.django_db
class TestFileVideo:
    def test_to_python_gives_the_documents_and_the_poster(self, video, captions, poster):
        value = VideoBlock().to_python(raw_file_video(video, captions, poster))
        assert (value["video"], value["captions"], value["poster"]) == (video, captions, poster)

    def test_renders_a_video_that_loads_nothing_until_played_with_its_captions(self, video, captions, poster):
        html = render(raw_file_video(video, captions, poster))

        player = html.select_one("figure.video video")
        assert player.has_attr("controls") and player["preload"] == "none"
        assert (player["width"], player["height"]) == ("1280", "720")
        assert player["aria-label"] == "How a consultation works"
        assert player["poster"].startswith("/") and ".format-webp." in player["poster"]
        source = player.select_one("source")
        assert (source["src"], source["type"]) == (f"/documents/{video.pk}/consultation.webm", "video/webm")
        track = player.select_one("track")
        assert track["kind"] == "captions" and track["src"] == f"/documents/{captions.pk}/consultation.vtt"
        assert (track["srclang"], track["label"], track.has_attr("default")) == ("en", "English", True)
        assert html.select_one("figcaption details summary").get_text() == "Transcript"
        assert not html.select("script")

    def test_an_mp4_is_offered_as_one(self, make_document):
        mp4 = make_document("clip.mp4", content=b"\x00\x00\x00\x18ftypmp42")
        source = render(raw_file_video(mp4, no_speech=True)).select_one("video source")
        assert source["type"] == "video/mp4"

    def test_a_video_file_is_required(self):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_file_video(no_speech=True))
        assert field_errors(excinfo) == {"video": ["Choose the video file from the documents."]}

    def test_only_mp4_and_webm_are_accepted_as_the_video(self, make_document):
        pdf = make_document("leaflet.pdf", content=b"%PDF-1.4")
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_file_video(pdf, no_speech=True))
        assert field_errors(excinfo) == {
            "video": ["\u201cleaflet.pdf\u201d is not a video browsers play: upload an .mp4 or .webm file."]
        }

    def test_captions_are_required_unless_the_video_has_no_speech(self, video):
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_file_video(video))
        assert list(field_errors(excinfo)) == ["captions"]
        assert "This video has no speech" in field_errors(excinfo)["captions"][0]

        assert clean(raw_file_video(video, no_speech=True))["video"] == video

    def test_captions_are_a_webvtt_document(self, video, make_document):
        srt = make_document("captions.txt", content=b"1\n00:00:00,000 --> 00:00:02,000\nHello\n")
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_file_video(video, srt))
        assert field_errors(excinfo) == {
            "captions": ["\u201ccaptions.txt\u201d is not a WebVTT file: captions are a .vtt document."]
        }

    def test_a_document_in_a_private_collection_cannot_be_chosen(self, make_document, private_collection):
        hidden = make_document("consultation.webm", collection=private_collection, title="Staff video")
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_file_video(hidden, no_speech=True))
        assert field_errors(excinfo) == {
            "video": [
                "\u201cStaff video\u201d is in a private collection, so visitors cannot load it: "
                "move it to a public collection."
            ]
        }

    def test_a_video_made_private_since_shows_nothing_and_warns_the_reviewer(
        self, video, captions, private_collection
    ):
        raw = raw_file_video(video, captions)
        assert render(raw).select("video")
        video.collection = private_collection
        video.save()

        assert str(render(raw)).strip() == ""
        block = VideoBlock()
        assert block.content_warnings(block.to_python(raw)) == [
            "The video \u201cHow a consultation works\u201d is not shown: its video file "
            "\u201cconsultation.webm\u201d is in a private collection."
        ]

    def test_private_captions_are_left_out(self, video, captions, private_collection):
        captions.collection = private_collection
        captions.save()
        html = render(raw_file_video(video, captions))
        assert html.select("video source") and not html.select("video track")

    def test_a_deleted_video_shows_nothing(self, video, captions):
        raw = raw_file_video(video, captions)
        video.delete()
        assert str(render(raw)).strip() == ""


# Alone: an embedded video.


@pytest.mark.django_db
class TestEmbeddedVideo:
    def test_shows_the_poster_and_a_play_button_and_fetches_nothing_from_the_provider(
        self, stored_embed, poster
    ):
        stored_embed()
        html = render(raw_embed_video(poster=poster))

        assert requests_on_load(html) == []
        assert not html.select("iframe")
        assert "ytimg" not in str(html)  # the provider's thumbnail is never shown
        frame = html.select_one("figure.video--embed .video__frame")
        assert frame.select_one("picture img")["alt"] == ""
        button = frame.select_one("button.video__play")
        assert button["type"] == "button" and button.has_attr("hidden")  # JavaScript shows it
        assert "button" in button["class"]
        assert button.get_text() == "Play video"
        assert button["aria-label"] == "Play video: How a consultation works"
        assert frame["data-video-player"] == (
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?feature=oembed&autoplay=1"
        )
        assert frame["data-video-title"] == "How a consultation works"
        link = html.select_one("figcaption a")
        assert link["href"] == YOUTUBE_URL
        assert link.get_text() == "Watch \u201cHow a consultation works\u201d on YouTube"
        script = html.select_one("script")
        assert (script["type"], script["src"]) == ("module", "/static/js/video-embed.js")

    def test_vimeo_plays_without_tracking(self, stored_embed, poster):
        stored_embed(VIMEO_URL, VIMEO_HTML, provider="Vimeo")
        html = render(raw_embed_video(VIMEO_URL, poster=poster))
        assert html.select_one(".video__frame")["data-video-player"] == (
            "https://player.vimeo.com/video/76979871?h=8272103f6e&app_id=122963&autoplay=1&dnt=1"
        )
        assert html.select_one("figcaption a").get_text().endswith("on Vimeo")

    def test_to_python_reads_the_stored_answer_and_never_the_network(self, stored_embed):
        embed = stored_embed()
        value = VideoBlock().to_python(raw_embed_video())
        assert value["embed_url"].embed == embed
        assert value.player_url.startswith("https://www.youtube-nocookie.com/embed/")

    def test_without_a_stored_answer_there_is_no_player_only_the_link(self, poster):
        html = render(raw_embed_video(poster=poster))
        assert not html.select("button, [data-video-player], script")
        assert html.select_one("figcaption a")["href"] == YOUTUBE_URL

    def test_a_stored_youtube_video_with_a_poster_is_valid(self, stored_embed, poster):
        stored_embed()
        assert clean(raw_embed_video(poster=poster))["embed_url"].url == YOUTUBE_URL

    def test_an_embed_needs_a_poster(self, stored_embed):
        stored_embed()
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_embed_video())
        assert field_errors(excinfo) == {
            "poster": ["Choose a poster image: it stands in for the video until the visitor plays it."]
        }

    @pytest.mark.parametrize("url", ["", "https://example.com/videos/consultation"])
    def test_only_youtube_and_vimeo_addresses_are_accepted(self, poster, url):
        # example.com is no provider the site's oEmbed finder knows: refused without a request.
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_embed_video(url, poster=poster))
        assert field_errors(excinfo) == {"embed_url": [VideoBlock.EMBED_NOT_FOUND]}

    def test_a_provider_answer_without_an_allowed_player_is_refused(self, stored_embed, poster):
        stored_embed(html='<iframe src="https://tracker.example/embed/1"></iframe>')
        with pytest.raises(StructBlockValidationError) as excinfo:
            clean(raw_embed_video(poster=poster))
        assert field_errors(excinfo) == {"embed_url": [VideoBlock.EMBED_NOT_FOUND]}

    def test_the_file_fields_are_not_asked_of_an_embed(self, stored_embed, poster):
        stored_embed()
        value = clean(raw_embed_video(poster=poster, no_speech=False))
        assert value["captions"] is None


# The picker.


def test_the_picker_offers_the_block_under_media_with_its_own_icon():
    block = BaseStreamBlock().child_blocks["video"]
    assert block.meta.group == "Media"
    assert block.label == "Video" and block.get_description() and block.is_previewable
    other_icons = {
        child.meta.icon for name, child in BaseStreamBlock().child_blocks.items() if name != "video"
    }
    assert block.meta.icon not in other_icons | {"placeholder"}


def test_the_editor_sees_only_the_fields_of_the_chosen_source():
    block = VideoBlock()
    block.set_name("video")
    form = soup(block.render_form_template())
    rules = {
        field["data-contentpath"]: json.loads(field["data-w-rules"])
        if field.has_attr("data-w-rules")
        else None
        for field in form.select("[data-contentpath]")
    }
    file_only, embed_only = {"__PREFIX__-source": ["file"]}, {"__PREFIX__-source": ["embed"]}
    assert rules == {
        "source": None,
        "title": None,
        "video": file_only,
        "captions": file_only,
        "caption_language": file_only,
        "no_speech": file_only,
        "embed_url": embed_only,
        "poster": None,
        "transcript": None,
    }


@pytest.mark.django_db
def test_the_preview_shows_the_poster_without_a_video_file_and_asks_no_provider(poster):
    block = VideoBlock()
    html = soup(block.render(block.get_preview_value()))
    assert html.select_one(".video__frame picture img")
    assert html.select_one(".video__title").get_text() == "How a consultation works"
    assert requests_on_load(html) == []


@pytest.mark.django_db
def test_the_preview_plays_the_librarys_newest_video_when_there_is_one(video, captions, poster):
    block = VideoBlock()
    value = block.get_preview_value()
    html = soup(block.render(value))
    assert html.select_one("video source")["src"] == video.url
    assert html.select_one("video track")["src"] == captions.url
    assert block.clean(value)


def test_the_posters_renditions_are_registered_for_the_worker():
    from home.tasks import SITE_RENDITIONS

    assert SITE_RENDITIONS["video block"] == tuple(POSTER_IMAGES)


# On a page.


@pytest.mark.django_db
def test_a_pages_query_count_does_not_grow_with_its_videos(
    client, home_page, make_document, stored_embed, media
):
    stored_embed()
    stored_embed(VIMEO_URL, VIMEO_HTML, provider="Vimeo")

    def body(count):
        items = []
        for i in range(count):
            poster = Image.objects.create(title=f"Poster {i}", file=get_test_image_file_jpeg("p.jpg"))
            video = make_document(f"clip{i}.webm", content=b"\x1aE\xdf\xa3")
            captions = make_document(f"clip{i}.vtt", content=b"WEBVTT\n")
            items.append({"type": "video", "value": raw_file_video(video, captions, poster)})
            url = YOUTUBE_URL if i % 2 else VIMEO_URL
            items.append({"type": "video", "value": raw_embed_video(url, poster=poster)})
        return items

    one = StandardPageFactory(parent=home_page, title="One video", body=body(1))
    five = StandardPageFactory(parent=home_page, title="Five videos", body=body(5))
    # The first visit makes the renditions; the visits counted read them, as a warm site does.
    client.get(one.url)
    client.get(five.url)

    response_one, count_one = queries_to_serve(client, one)
    response_five, count_five = queries_to_serve(client, five)

    assert len(soup(response_one.content).select("main video track")) == 1
    assert len(soup(response_five.content).select("main video track")) == 5
    assert len(soup(response_five.content).select("main button.video__play")) == 5
    assert requests_on_load(soup(response_five.content)) == []
    assert count_five == count_one


# Through the page editor.


def form_value(**fields):
    return {
        "source": "file",
        "title": "How a consultation works",
        "video": "",
        "captions": "",
        "caption_language": "en",
        "no_speech": "",
        "embed_url": "",
        "poster": "",
        "transcript": rich_text("<p>A nurse welcomes you.</p>"),
        **fields,
    }


@pytest.mark.django_db
def test_the_editor_is_told_to_choose_a_poster(superuser_client, home_page, stored_embed):
    stored_embed()
    page = StandardPageFactory(parent=home_page, title="About")

    response = edit_page(superuser_client, page, ("video", form_value(source="embed", embed_url=YOUTUBE_URL)))

    assert response.status_code == 200
    assert "Choose a poster image: it stands in for the video" in response.content.decode()
    assert not StandardPage.objects.get(pk=page.pk).body


@pytest.mark.django_db
def test_a_video_published_from_the_editor_plays_on_the_page(
    superuser_client, client, home_page, video, captions, poster
):
    page = StandardPageFactory(parent=home_page, title="About")

    response = edit_page(
        superuser_client,
        page,
        ("video", form_value(video=str(video.pk), captions=str(captions.pk), poster=str(poster.pk))),
    )

    assert response.status_code == 302
    html = soup(client.get(page.url).content)
    assert html.select_one("main video source")["src"] == video.url
    assert html.select_one("main video track")["src"] == captions.url


@pytest.mark.django_db
def test_a_page_with_both_kinds_of_video_is_valid_html(
    client, home_page, video, captions, poster, stored_embed, tmp_path
):
    stored_embed()
    page = StandardPageFactory(
        parent=home_page,
        title="Videos",
        body=[
            {"type": "video", "value": raw_file_video(video, captions, poster)},
            {"type": "video", "value": raw_embed_video(poster=poster)},
            {"type": "video", "value": raw_embed_video(poster=poster, title="A second one")},
        ],
    )
    assert html_errors(client.get(page.url).content, tmp_path) == []
