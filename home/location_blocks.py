"""The opening hours of a clinic location: days of the week with the time the doors open and close.

Kept as data, not text, so the page, the footer and search engines (schema.org
openingHoursSpecification) read the same hours.
"""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

# (value, label, schema.org day); Monday first, as clinics print their hours.
WEEKDAYS = [
    ("mon", "Monday", "Monday"),
    ("tue", "Tuesday", "Tuesday"),
    ("wed", "Wednesday", "Wednesday"),
    ("thu", "Thursday", "Thursday"),
    ("fri", "Friday", "Friday"),
    ("sat", "Saturday", "Saturday"),
    ("sun", "Sunday", "Sunday"),
]
DAY_ORDER = [value for value, _, _ in WEEKDAYS]
DAY_LABELS = {value: label for value, label, _ in WEEKDAYS}
SCHEMA_DAYS = {value: f"https://schema.org/{day}" for value, _, day in WEEKDAYS}


def clock(time):
    """9:00 -> "9am", 13:30 -> "1:30pm": how the clinic's hours read on a sign."""
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


def day_ranges(days):
    """Consecutive days as ranges: mon, tue, wed, fri -> "Monday to Wednesday, Friday"."""
    indexes = sorted(DAY_ORDER.index(day) for day in days if day in DAY_ORDER)
    runs = []
    for index in indexes:
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    parts = []
    for first, last in runs:
        first_label, last_label = DAY_LABELS[DAY_ORDER[first]], DAY_LABELS[DAY_ORDER[last]]
        if first == last:
            parts.append(first_label)
        elif last == first + 1:
            parts.extend([first_label, last_label])
        else:
            parts.append(f"{first_label} to {last_label}")
    return ", ".join(parts)


class OpeningHoursValue(blocks.StructValue):
    @cached_property
    def days_label(self):
        return day_ranges(self.get("days") or [])

    @cached_property
    def hours_label(self):
        opens, closes = self.get("opens"), self.get("closes")
        return f"{clock(opens)} to {clock(closes)}" if opens and closes else ""

    def structured_data(self):
        """One schema.org OpeningHoursSpecification, or None while a draft lacks days or times."""
        days, opens, closes = self.get("days") or [], self.get("opens"), self.get("closes")
        if not (days and opens and closes):
            return None
        return {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA_DAYS[day] for day in DAY_ORDER if day in days],
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }


class OpeningHoursBlock(blocks.StructBlock):
    """The days a location is open with the same hours, e.g. Monday to Friday, 8am to 6pm."""

    days = blocks.MultipleChoiceBlock(choices=[(value, label) for value, label, _ in WEEKDAYS])
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock()

    class Meta:
        icon = "time"
        label = "Opening hours"
        label_format = "{days} {opens}-{closes}"
        value_class = OpeningHoursValue

    def clean(self, value):
        value = super().clean(value)
        opens, closes = value.get("opens"), value.get("closes")
        if opens and closes and closes <= opens:
            raise StructBlockValidationError(
                block_errors={"closes": ValidationError("The closing time must be after the opening time.")}
            )
        return value


def repeated_days(rows):
    """The days that appear in more than one row of a week's hours, as words ("" if none)."""
    seen, repeated = set(), set()
    for row in rows:
        days = set(row.get("days") or [])
        repeated |= seen & days
        seen |= days
    return day_ranges(repeated)


class LocationsBlock(blocks.StructBlock):
    """The clinic's locations, each with its address, phone and opening hours, from the location
    pages: a contact page never repeats an address by hand."""

    heading = blocks.CharBlock(required=False, max_length=120, help_text="e.g. 'Visit us'. Optional.")

    class Meta:
        icon = "globe"
        template = "blocks/locations_block.html"
        label = "Locations"
        description = "The clinic's published locations with their address, phone and opening hours."
        preview_value = {"heading": "Visit us"}
