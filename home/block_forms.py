"""Editing forms of blocks: fields shown only where they apply."""

import json

from wagtail import blocks


class ConditionalStructBlock(blocks.StructBlock):
    """A StructBlock whose fields show only when a sibling field holds one of some values.

    `Meta.shown_when` maps a field to `{sibling: [values]}`, e.g. a count shown only in the
    "latest" mode. Wagtail's own rules controller (`w-rules`, as the privacy form uses it) hides
    and shows the fields as the editor changes the sibling; a hidden field keeps its value.
    """

    class Meta:
        form_template = "blocks/forms/conditional_struct_block.html"
        shown_when = {}

    def get_form_context(self, value, prefix="", errors=None):
        context = super().get_form_context(value, prefix=prefix, errors=errors)
        rules = self.meta.shown_when
        context["fields"] = [
            (
                name,
                child,
                json.dumps({f"{prefix}-{sibling}": list(values) for sibling, values in rules[name].items()})
                if name in rules
                else "",
            )
            for name, child in context["children"].items()
        ]
        return context
