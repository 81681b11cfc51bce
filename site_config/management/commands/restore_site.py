"""manage.py restore_site DIR: the backup in DIR over the current database and files
(site_config/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from site_config.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restores a backup made by backup_site over the current database and stored files."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup's folder")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: the current database is replaced by the backup's"
        )

    def handle(self, folder, yes=False, **options):
        if (
            not yes
            and input("This replaces the current database and files with the backup's. Type yes: ") != "yes"
        ):
            raise CommandError("Nothing was restored.")
        try:
            manifest = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the database and {len(manifest['files'])} files from {folder} "
            f"(backed up {manifest['created']}); the cache was emptied."
        )
