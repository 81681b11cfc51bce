from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conditions"

    def ready(self):
        from wagtail.signals import init_new_page

        from .outline import start_from_the_outline

        # A new condition page opens with the clinic's standard outline (conditions/outline.py).
        init_new_page.connect(start_from_the_outline, dispatch_uid="condition_page_outline")
