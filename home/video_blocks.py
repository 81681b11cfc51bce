"""The video block: a video file from the document library, or a YouTube or Vimeo video.

A file plays in the browser's own player, from the site (/documents/), with its captions.
Captions are required unless the editor ticks "This video has no speech": WCAG 1.2.2 (level A)
asks for captions on every prerecorded video with audio, and a video with none has nothing to
caption (its words on screen are for everyone; a transcript can describe it).

An embedded video makes no request to YouTube or Vimeo until the visitor chooses to play it:
the page shows the poster from the image library and a "Play video" button, and
static/js/video-embed.js puts the provider's player in its place when it is pressed. The
player's address comes from Wagtail's embeds: the provider's oEmbed answer, fetched once when
the editor saves (EmbedBlock's validation) and kept in the Embed table, which rendering reads
and never refreshes from the network. YouTube's player is swapped for its youtube-nocookie.com
twin. The site's CSP allows frames from those players only (settings: VIDEO_PLAYER_ORIGINS).

A document in a private collection is never shown: the editor cannot save it in the block,
and one made private since shows as nothing, with a content warning for the reviewer.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import CollectionViewRestriction

from .block_forms import ConditionalStructBlock
from .links import chosen_in_bulk
from .media_blocks import prefetch_renditions
from .tasks import register_renditions

VIDEO_EXTENSIONS = ("mp4", "webm")
CAPTION_EXTENSIONS = ("vtt",)
# The poster, cropped to 16:9 around its focal point: a responsive picture behind an embed's
# play button (video_block.html), and one size as a file video's poster attribute.
POSTER_IMAGES = [
    f"format-{image_format}|fill-{size}"
    for image_format in ("avif", "webp", "jpeg")
    for size in ("480x270", "800x450", "1200x675")
]
FILE_POSTER = "format-webp|fill-800x450"
register_renditions("video block", POSTER_IMAGES)

# The oEmbed player's host -> the host the site frames it from (settings.VIDEO_PLAYER_ORIGINS).
PLAYER_HOSTS = {
    "www.youtube.com": "www.youtube-nocookie.com",
    "youtube.com": "www.youtube-nocookie.com",
    "www.youtube-nocookie.com": "www.youtube-nocookie.com",
    "player.vimeo.com": "player.vimeo.com",
}
# Pressing play is the visitor's choice to watch: the player starts at once. Vimeo's dnt
# turns off its tracking; youtube-nocookie sets no cookie until the video plays.
PLAYER_PARAMETERS = {
    "www.youtube-nocookie.com": {"autoplay": "1"},
    "player.vimeo.com": {"autoplay": "1", "dnt": "1"},
}

CAPTION_LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("vi", "Vietnamese"),
    ("zh", "Chinese"),
    ("ru", "Russian"),
]


def in_private_collection():
    """True for a document whose collection, or a collection above it, has a view restriction,
    as a subquery: the chosen documents are loaded with it in their one query."""
    # A restriction's collection is the document's or an ancestor: its path starts the other's.
    return Exists(
        CollectionViewRestriction.objects.filter(
            collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
        )
    )


def shown_to_visitors(document):
    """Whether visitors may download the document: it exists and no collection restricts it."""
    if document is None:
        return False
    private = getattr(document, "in_private_collection", None)
    if private is None:
        # A document chosen in the editor's form, not loaded with the stream.
        private = document.collection.get_view_restrictions().exists()
    return not private


class PublicDocumentChooserBlock(DocumentChooserBlock):
    """Chooses a document, loading with it whether it is private (`shown_to_visitors`)."""

    def bulk_to_python(self, values):
        return chosen_in_bulk(
            self.model_class.objects.annotate(in_private_collection=in_private_collection()), values
        )

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


class PlayerSource(HTMLParser):
    """The src of the first <iframe> in a provider's embed HTML."""

    def __init__(self):
        super().__init__()
        self.src = ""

    def handle_starttag(self, tag, attrs):
        if tag == "iframe" and not self.src:
            self.src = dict(attrs).get("src") or ""


def player_url(embed_html):
    """The address of the provider's player, from its embed HTML, as the site frames it;
    empty when the HTML holds no player of an allowed provider."""
    parser = PlayerSource()
    parser.feed(embed_html or "")
    parts = urlsplit(parser.src)
    host = PLAYER_HOSTS.get(parts.hostname or "")
    if host is None:
        return ""
    query = dict(parse_qsl(parts.query))
    query.update(PLAYER_PARAMETERS.get(host, {}))
    url = urlunsplit(("https", host, parts.path, urlencode(query), ""))
    origin = f"https://{host}"
    return url if origin in settings.VIDEO_PLAYER_ORIGINS else ""


class VideoEmbedValue(EmbedValue):
    """An embed's URL, with its stored oEmbed answer (the Embed row), read without a request."""

    @cached_property
    def embed(self):
        return Embed.objects.filter(hash=get_embed_hash(self.url, self.max_width, self.max_height)).first()

    @cached_property
    def player_url(self):
        return player_url(self.embed.html) if self.embed is not None else ""

    @property
    def provider_name(self):
        embed = self.embed
        return (embed.provider_name if embed is not None else "") or provider_from_url(self.url)


def provider_from_url(url):
    host = urlsplit(url).hostname or ""
    if "vimeo" in host:
        return "Vimeo"
    if "youtu" in host:
        return "YouTube"
    return "the provider's site"


class VideoEmbedBlock(EmbedBlock):
    """A YouTube or Vimeo address, checked with the provider once when the editor saves; the
    stream loads the stored answers of all its videos in one query."""

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        embed_values = [self.value_from_form(value) for value in values]
        shown = [value for value in embed_values if value is not None]
        if shown:
            hashes = [get_embed_hash(value.url, value.max_width, value.max_height) for value in shown]
            embeds = Embed.objects.in_bulk(hashes, field_name="hash")
            for value, embed_hash in zip(shown, hashes, strict=True):
                value.embed = embeds.get(embed_hash)
        return embed_values

    def value_from_form(self, value):
        if not value:
            return None
        return VideoEmbedValue(
            value, getattr(self.meta, "max_width", None), getattr(self.meta, "max_height", None)
        )

    def clean(self, value):
        # EmbedBlock's check asks the provider (the one request, at save time) and stores its
        # answer; the value it returns is a new one, which reads that answer.
        try:
            value = super().clean(value)
        except ValidationError:
            raise ValidationError(VideoBlock.EMBED_NOT_FOUND) from None
        if value is not None and not value.player_url:
            raise ValidationError(VideoBlock.EMBED_NOT_FOUND)
        return value


class VideoValue(blocks.StructValue):
    @property
    def is_embed(self):
        return self.get("source") == "embed"

    @cached_property
    def video_document(self):
        """The file to play: a video of an accepted type that visitors may download; else None."""
        document = self.get("video")
        if self.is_embed or not shown_to_visitors(document):
            return None
        return document if document.file_extension.lower() in VIDEO_EXTENSIONS else None

    @cached_property
    def captions_document(self):
        document = self.get("captions")
        if not shown_to_visitors(document) or document.file_extension.lower() not in CAPTION_EXTENSIONS:
            return None
        return document

    @property
    def video_type(self):
        return f"video/{self.video_document.file_extension.lower()}" if self.video_document else ""

    @property
    def caption_language(self):
        return self.get("caption_language") or "en"

    @property
    def caption_label(self):
        return dict(CAPTION_LANGUAGES).get(self.caption_language, "English")

    @cached_property
    def poster_url(self):
        # home.images imports Wagtail's image forms, which need the models loaded: not at import.
        from .images import rendition_or_none

        poster = self.get("poster")
        rendition = rendition_or_none(poster, FILE_POSTER) if poster is not None else None
        return rendition.url if rendition is not None else ""

    @property
    def embed(self):
        return self.get("embed_url") if self.is_embed else None

    @property
    def player_url(self):
        """The provider's player, framed when the visitor presses play; empty without one stored."""
        embed = self.embed
        return embed.player_url if embed is not None else ""

    @property
    def shown(self):
        """A file visitors can play, or an embed with an address or a poster to show."""
        if self.is_embed:
            return bool(self.embed or self.get("poster"))
        return self.video_document is not None

    @property
    def title(self):
        return self.get("title") or ""


class VideoBlock(ConditionalStructBlock):
    """A video: a file from the documents, with captions, or a YouTube or Vimeo video that loads
    only when the visitor presses play."""

    EMBED_NOT_FOUND = "Enter the address of a video on YouTube or Vimeo, as its page shows it."

    source = blocks.ChoiceBlock(
        choices=[("file", "A video file from the documents"), ("embed", "A YouTube or Vimeo video")],
        default="file",
    )
    title = blocks.CharBlock(
        max_length=120, help_text="What the video is about; screen readers announce it, and the play button."
    )
    video = PublicDocumentChooserBlock(
        required=False, label="Video file", help_text="For a video file: an .mp4 or .webm document."
    )
    captions = PublicDocumentChooserBlock(
        required=False,
        help_text="For a video file: its captions, a WebVTT (.vtt) document. Required if anyone speaks.",
    )
    caption_language = blocks.ChoiceBlock(choices=CAPTION_LANGUAGES, default="en", required=False)
    no_speech = blocks.BooleanBlock(
        required=False,
        label="This video has no speech",
        help_text="Tick only if nothing is said in it: then it needs no captions.",
    )
    embed_url = VideoEmbedBlock(
        required=False,
        label="YouTube or Vimeo address",
        help_text="For a YouTube or Vimeo video: the address of its page.",
    )
    poster = ImageChooserBlock(
        required=False,
        help_text=(
            "Shown until the video plays, cropped to 16:9. Required for YouTube and Vimeo: the "
            "site does not load their thumbnails."
        ),
    )
    transcript = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="Optional: everything said and shown, for those who read rather than watch.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = "Video"
        label_format = "{title}"
        value_class = VideoValue
        # The editor sees the fields of the chosen source only; the poster and transcript are both's.
        shown_when = {
            **{name: {"source": ["file"]} for name in ("video", "captions", "caption_language", "no_speech")},
            "embed_url": {"source": ["embed"]},
        }
        description = "A video file with captions, or a YouTube or Vimeo video that loads only when played."
        preview_value = {
            "source": "file",
            "title": "How a consultation works",
            "no_speech": True,
            "transcript": "<p>A nurse welcomes you, and a physician talks through your health with you.</p>",
        }

    def get_preview_value(self):
        """The library's newest video file, captions and image; without a video file, the poster
        (an embed's facade) alone, so the picker never asks a provider for anything."""
        Document = get_document_model()
        newest = Document.objects.order_by("-created_at")
        video = next((doc for doc in newest.filter(file__iregex=r"\.(mp4|webm)$")[:1]), None)
        captions = newest.filter(file__iregex=r"\.vtt$").first() if video is not None else None
        poster = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {
                **self.meta.preview_value,
                "source": "file" if video is not None else "embed",
                "video": video.pk if video is not None else None,
                "captions": captions.pk if captions is not None else None,
                "no_speech": captions is None,
                "poster": poster.pk if poster is not None else None,
            }
        )

    def bulk_to_python(self, values):
        struct_values = super().bulk_to_python(values)
        prefetch_renditions([value.get("poster") for value in struct_values], POSTER_IMAGES)
        return struct_values

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("source") == "embed":
            if not value.get("embed_url"):
                errors["embed_url"] = ValidationError(self.EMBED_NOT_FOUND)
            if not value.get("poster"):
                errors["poster"] = ValidationError(
                    "Choose a poster image: it stands in for the video until the visitor plays it."
                )
        else:
            video = value.get("video")
            if video is None:
                errors["video"] = ValidationError("Choose the video file from the documents.")
            elif video.file_extension.lower() not in VIDEO_EXTENSIONS:
                errors["video"] = ValidationError(
                    f"\u201c{video.filename}\u201d is not a video browsers play: upload an .mp4 or .webm file."
                )
            elif not shown_to_visitors(video):
                errors["video"] = ValidationError(self.private_message(video))
            captions = value.get("captions")
            if captions is None and not value.get("no_speech"):
                errors["captions"] = ValidationError(
                    "Choose the captions (a .vtt document), or tick \u201cThis video has no speech\u201d."
                )
            elif captions is not None and captions.file_extension.lower() not in CAPTION_EXTENSIONS:
                errors["captions"] = ValidationError(
                    f"\u201c{captions.filename}\u201d is not a WebVTT file: captions are a .vtt document."
                )
            elif captions is not None and not shown_to_visitors(captions):
                errors["captions"] = ValidationError(self.private_message(captions))
        if errors:
            raise StructBlockValidationError(errors)
        return value

    @staticmethod
    def private_message(document):
        return (
            f"\u201c{document.title}\u201d is in a private collection, so visitors cannot load it: "
            "move it to a public collection."
        )

    def content_warnings(self, value):
        """What the reviewer should know: a chosen file visitors cannot load."""
        if value.get("source") == "embed":
            return []
        return [
            f"The video \u201c{value.title or 'untitled'}\u201d is not shown: "
            f"its {name} \u201c{document.title}\u201d is in a private collection."
            for name, document in (("video file", value.get("video")), ("captions", value.get("captions")))
            if document is not None and not shown_to_visitors(document)
        ]
