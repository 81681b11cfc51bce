from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from wagtail.whitelist import ALLOWED_URL_SCHEMES

        from . import page_cache, tasks

        # A crisis notice's links may text a number (sms:988) as well as call it; Wagtail's rich-text
        # converter keeps only the schemes it lists, and would drop the href when an editor saves.
        if "sms" not in ALLOWED_URL_SCHEMES:
            ALLOWED_URL_SCHEMES.append("sms")

        page_cache.connect_signals()
        # An uploaded image's renditions are made by the task worker (home/tasks.py).
        tasks.connect_signals()
