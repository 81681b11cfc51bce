"""The image, image-beside-text and hero blocks: alone (to_python, clean, render, preview), on a
page (its query count does not grow with its images), and through the page editor."""

from django.core.cache import cache

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import rich_text

import pytest

from home.blocks import BaseStreamBlock
from home.media_blocks import CaptionedImageBlock, HeroBlock, ImageTextBlock
from home.models import StandardPage

from .factories import StandardPageFactory
from .support import body_errors, edit_page, queries_to_serve, soup

Image = get_image_model()


@pytest.fixture
def image(make_image):
    return make_image()


def picture(image=None, alt_text="A reclining chair by a window", decorative=False):
    """An ImageBlock's raw value: the image's id (None for none chosen), its alt text, decorative."""
    return {"image": image.pk if image else None, "alt_text": alt_text, "decorative": decorative}


def raw_image(image=None, caption="The treatment room.", credit="Illustration: the clinic", **fields):
    return {"image": picture(image, **fields), "caption": caption, "credit": credit}


def raw_image_text(image=None, text="<p>A nurse stays with you.</p>", image_side="left", **fields):
    return {"image": picture(image, **fields), "text": text, "image_side": image_side}


def button(label="Book a consultation", page=None, link_url=""):
    return {"label": label, "page": page.pk if page else None, "link_url": link_url}


def raw_hero(
    image=None, heading="Care at every step", standfirst="Programs for depression.", buttons=(), **fields
):
    return {
        "heading": heading,
        "standfirst": standfirst,
        "buttons": list(buttons),
        "image": picture(image, **fields),
    }


def render(block, raw):
    return soup(block.render(block.to_python(raw)))


def alt_errors(excinfo):
    """The messages on the alt text field of the block's image."""
    image_errors = excinfo.value.block_errors["image"]
    return image_errors.block_errors["alt_text"].messages


@pytest.mark.django_db
class TestCaptionedImageBlock:
    def test_to_python_gives_the_image_with_its_alt_text(self, image):
        value = CaptionedImageBlock().to_python(raw_image(image, alt_text="A quiet room"))

        assert value["image"].pk == image.pk
        assert value.alt == "A quiet room"
        assert value["caption"] == "The treatment room."

    def test_alt_text_is_required_unless_decorative(self, image):
        block = CaptionedImageBlock()

        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_image(image, alt_text="")))

        assert alt_errors(excinfo) == ["Please add some alt text for your image or mark it as decorative"]
        assert block.clean(block.to_python(raw_image(image, alt_text="", decorative=True)))

    def test_an_image_is_required(self):
        block = CaptionedImageBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_image(None)))
        assert set(excinfo.value.block_errors["image"].block_errors) == {"image"}

    def test_renders_a_lazy_responsive_picture_with_caption_then_credit(self, image):
        html = render(CaptionedImageBlock(), raw_image(image, alt_text="A quiet room"))

        figure = html.select_one("figure.figure")
        assert [source["type"] for source in figure.select("picture source")] == ["image/avif", "image/webp"]
        img = figure.select_one("picture img")
        assert img["alt"] == "A quiet room"
        assert img["loading"] == "lazy"
        assert (img["width"], img["height"]) == ("480", "360")
        assert [width.split()[-1] for width in img["srcset"].split(", ")] == ["480w", "800w", "1200w"]
        assert [part.get_text() for part in figure.figcaption.find_all(True)] == [
            "The treatment room.",
            "Illustration: the clinic",
        ]

    def test_a_decorative_image_has_empty_alt_text(self, image):
        html = render(CaptionedImageBlock(), raw_image(image, alt_text="Ignored", decorative=True))
        assert html.img["alt"] == ""

    def test_without_caption_or_credit_there_is_no_figcaption(self, image):
        html = render(CaptionedImageBlock(), raw_image(image, caption="", credit=""))
        assert html.img is not None
        assert html.figcaption is None

    def test_a_deleted_image_renders_nothing(self, image):
        raw = raw_image(image)
        image.delete()
        assert str(render(CaptionedImageBlock(), raw)).strip() == ""

    def test_an_image_whose_file_is_gone_renders_nothing(self, image):
        image.file.storage.delete(image.file.name)
        assert str(render(CaptionedImageBlock(), raw_image(image))).strip() == ""

    def test_preview_renders_without_an_image_and_shows_the_newest_image_when_there_is_one(self, make_image):
        block = CaptionedImageBlock()
        assert block.render(block.get_preview_value()).strip() == ""

        make_image(title="Older")
        newest = make_image(title="The waiting room")
        html = soup(block.render(block.get_preview_value()))

        assert html.img["alt"] == "The waiting room"
        assert newest.renditions.exists()


@pytest.mark.django_db
class TestImageTextBlock:
    @pytest.mark.parametrize("side, classes", [("left", set()), ("right", {"image-text--image-right"})])
    def test_image_on_the_chosen_side(self, image, side, classes):
        html = render(ImageTextBlock(), raw_image_text(image, image_side=side))

        wrapper = html.select_one(".image-text")
        assert set(wrapper["class"]) - {"image-text", "image-text--with-image"} == classes
        assert wrapper.select_one(".image-text__image img")["loading"] == "lazy"
        assert wrapper.select_one(".image-text__text").get_text() == "A nurse stays with you."

    def test_without_an_image_the_text_stands_alone(self, image):
        raw = raw_image_text(image)
        image.delete()
        html = render(ImageTextBlock(), raw)
        assert html.img is None
        assert html.select_one(".image-text")["class"] == ["image-text"]
        assert html.select_one(".image-text__text").get_text() == "A nurse stays with you."

    def test_alt_text_is_required_unless_decorative(self, image):
        block = ImageTextBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_image_text(image, alt_text="")))
        assert alt_errors(excinfo)
        assert block.clean(block.to_python(raw_image_text(image, alt_text="", decorative=True)))

    def test_preview_renders_without_an_image(self):
        block = ImageTextBlock()
        html = soup(block.render(block.get_preview_value()))
        assert html.h3.get_text() == "A calm place for treatment"
        assert html.img is None


@pytest.mark.django_db
class TestHeroBlock:
    def test_the_image_is_fetched_first_never_lazily(self, image):
        html = render(HeroBlock(), raw_hero(image, alt_text="The clinic's front door"))

        img = html.select_one(".hero__image picture img")
        assert img["alt"] == "The clinic's front door"
        assert img["loading"] == "eager"
        assert img["fetchpriority"] == "high"
        # Cropped to 4:3 around the focal point.
        assert (img["width"], img["height"]) == ("480", "360")

    def test_heading_standfirst_and_buttons(self, home_page):
        contact = StandardPageFactory(parent=home_page, title="Contact")
        raw = raw_hero(
            buttons=[button("Book", page=contact), button("Programs", link_url="https://example.com/p/")]
        )

        html = render(HeroBlock(), raw)

        assert html.select_one("h2.hero__heading").get_text() == "Care at every step"
        assert html.select_one(".hero__standfirst").get_text() == "Programs for depression."
        assert [(a.get_text(), a["href"]) for a in html.select(".hero__buttons a")] == [
            ("Book", contact.url),
            ("Programs", "https://example.com/p/"),
        ]
        assert html.img is None

    def test_no_button_to_a_page_visitors_cannot_see(self, home_page):
        draft = StandardPageFactory(parent=home_page, title="Not yet", live=False)
        html = render(HeroBlock(), raw_hero(buttons=[button("Soon", page=draft)]))
        assert html.select(".hero__buttons") == []
        assert html.find("a") is None

    def test_heading_is_required(self):
        block = HeroBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_hero(heading="")))
        assert set(excinfo.value.block_errors) == {"heading"}

    def test_the_image_is_optional_but_keeps_the_alt_rule(self, image):
        block = HeroBlock()
        assert block.clean(block.to_python(raw_hero(None, alt_text="")))
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_hero(image, alt_text="")))
        assert alt_errors(excinfo)

    def test_a_button_needs_a_page_or_a_link(self):
        block = HeroBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_hero(buttons=[button("Book")])))

        buttons_error = excinfo.value.block_errors["buttons"]
        assert isinstance(buttons_error, ListBlockValidationError)
        assert set(buttons_error.block_errors[0].block_errors) == {"page"}

    def test_at_most_two_buttons(self):
        block = HeroBlock()
        three = [button(f"Button {i}", link_url="https://example.com/") for i in range(3)]
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw_hero(buttons=three)))
        assert set(excinfo.value.block_errors) == {"buttons"}

    def test_preview_renders_without_an_image(self):
        block = HeroBlock()
        html = soup(block.render(block.get_preview_value()))
        assert html.h2.get_text() == "Ketamine treatment, with medical care at every step"
        assert len(html.select(".hero__buttons a")) == 2


MEDIA_BLOCKS = ["hero", "image", "image_text"]


@pytest.mark.parametrize("name", MEDIA_BLOCKS)
def test_the_picker_offers_the_block_under_media(name):
    block = BaseStreamBlock().child_blocks[name]
    assert block.meta.group == "Media"
    assert block.label and block.get_description() and block.is_previewable
    other_icons = {child.meta.icon for key, child in BaseStreamBlock().child_blocks.items() if key != name}
    assert block.meta.icon not in other_icons | {"placeholder"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", MEDIA_BLOCKS)
def test_with_an_image_in_the_library_the_preview_is_a_value_an_editor_could_save(make_image, name):
    make_image(title="The waiting room")
    block = BaseStreamBlock().child_blocks[name]
    assert block.clean(block.get_preview_value())


# On a page.


def page_with_images(home_page, images, title):
    body = [{"type": "hero", "value": raw_hero(images[0])}]
    for image in images:
        body.append({"type": "image", "value": raw_image(image)})
        body.append({"type": "image_text", "value": raw_image_text(image)})
    return StandardPageFactory(parent=home_page, title=title, body=body)


@pytest.mark.django_db
def test_a_pages_query_count_does_not_grow_with_its_images(client, home_page, make_image):
    images = [make_image(title=f"Room {i}") for i in range(5)]
    one = page_with_images(home_page, images[:1], "One image")
    five = page_with_images(home_page, images, "Five images")
    # The first visit makes the renditions; the visits counted read them, as a warm site does.
    client.get(one.url)
    client.get(five.url)
    cache.clear()

    response_one, count_one = queries_to_serve(client, one)
    cache.clear()
    response_five, count_five = queries_to_serve(client, five)

    assert len(soup(response_one.content).select("main picture")) == 3
    assert len(soup(response_five.content).select("main picture")) == 11
    assert count_five == count_one


# Through the page editor.


def image_form_value(image, alt_text="", decorative=False):
    return {
        "image": {"image": str(image.pk), "alt_text": alt_text, "decorative": "on" if decorative else ""},
        "caption": "The treatment room.",
        "credit": "",
    }


@pytest.mark.django_db
def test_the_editor_sees_the_missing_alt_text_on_its_field(superuser_client, home_page, image):
    page = StandardPageFactory(parent=home_page, title="About")

    response = edit_page(superuser_client, page, ("image", image_form_value(image, alt_text="")))

    assert response.status_code == 200
    alt_errors = body_errors(response)["blockErrors"]["0"]["blockErrors"]["image"]["blockErrors"]["alt_text"]
    assert alt_errors["messages"] == ["Please add some alt text for your image or mark it as decorative"]
    assert not StandardPage.objects.get(pk=page.pk).body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "alt_text, decorative, shown_alt", [("A calm room", False, "A calm room"), ("", True, "")]
)
def test_an_image_published_from_the_editor_is_on_the_page(
    superuser_client, client, home_page, image, alt_text, decorative, shown_alt
):
    page = StandardPageFactory(parent=home_page, title="About")
    text = (
        "image_text",
        {
            "image": image_form_value(image, alt_text, decorative)["image"],
            "text": rich_text("<p>Beside.</p>"),
            "image_side": "right",
        },
    )

    response = edit_page(
        superuser_client, page, ("image", image_form_value(image, alt_text, decorative)), text
    )

    assert response.status_code == 302
    html = soup(client.get(page.url).content)
    assert [img["alt"] for img in html.select("main picture img")] == [shown_alt, shown_alt]
    assert html.select_one(".image-text--image-right .image-text__text").get_text() == "Beside."
