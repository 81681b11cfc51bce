"""What the appointment tests share: a visitor's answers, sent as the page's form posts them.

A test-support module, not a test module: the tests import from here, never from one another.
"""

import time

from django.core import signing

from wagtail.test.utils.form_data import querydict_from_html

from appointments import spam

PASSWORD = "test-password"
NAME = "Avery Quinlan"
CONTACT = "avery.quinlan@example.org"
TIMES = "Tuesday mornings"
MESSAGE = "I would like to talk about the program."


def started(seconds_ago=5):
    """The form's signed start time, as the page gave it `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt=spam.SALT)


def answers(**fields):
    """A visitor's answers to the default questions, sent five seconds after the form was shown."""
    return {
        "name": NAME,
        "how_should_we_contact_you": CONTACT,
        "preferred_days_and_times": TIMES,
        "message": MESSAGE,
        spam.HONEYPOT_FIELD: "",
        spam.STARTED_FIELD: started(),
        **fields,
    }


def page_form_data(client, url):
    """The page editor's form as a browser posts it: a ticked box without a value sends "on"
    (Wagtail's querydict_from_html gives "", which Django reads as unticked)."""
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for name in list(data):
        if name.endswith("-required") and data[name] == "":
            data[name] = "on"
    return data
