"""Editing forms of blocks: a field shown only where it applies (home/block_forms.py)."""

import json

from wagtail import blocks

from bs4 import BeautifulSoup

from home.block_forms import ConditionalStructBlock


class ScheduleBlock(ConditionalStructBlock):
    kind = blocks.ChoiceBlock(choices=[("once", "Once"), ("weekly", "Weekly")])
    date = blocks.DateBlock(required=False)
    weekday = blocks.CharBlock(required=False)

    class Meta:
        shown_when = {"date": {"kind": ["once"]}, "weekday": {"kind": ["weekly"]}}


def form_fields():
    block = ScheduleBlock()
    block.set_name("schedule")
    form = BeautifulSoup(block.render_form_template(), "html.parser")
    return form, {field["data-contentpath"]: field for field in form.select("[data-contentpath]")}


def test_each_field_with_a_rule_is_shown_only_for_its_siblings_values():
    form, fields = form_fields()
    assert form.div["data-controller"] == "w-rules"
    assert "change->w-rules#resolve" in form.div["data-action"]
    assert json.loads(fields["date"]["data-w-rules"]) == {"__PREFIX__-kind": ["once"]}
    assert json.loads(fields["weekday"]["data-w-rules"]) == {"__PREFIX__-kind": ["weekly"]}
    assert fields["date"]["data-w-rules-target"] == "show"


def test_a_field_without_a_rule_is_always_shown_with_its_label():
    _, fields = form_fields()
    kind = fields["kind"]
    assert not kind.has_attr("data-w-rules")
    assert kind.label.get_text(strip=True) == "Kind*"
    assert kind.label["for"] == "__PREFIX__-kind"
    # Wagtail puts the field's own form where the placeholder stands.
    assert kind.select_one("[data-structblock-child=kind]")
