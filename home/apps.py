from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from . import page_cache, tasks

        page_cache.connect_signals()
        # An uploaded image's renditions are made by the task worker (home/tasks.py).
        tasks.connect_signals()
