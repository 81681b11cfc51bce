"""manage.py backup_site DIR: the database and every stored file into DIR (site_config/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from site_config.backups import BackupError, back_up


class Command(BaseCommand):
    help = "Backs up the database and every file in the default storage into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write the backup (a new or empty folder)")

    def handle(self, folder, **options):
        try:
            manifest = back_up(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database and {len(manifest['files'])} files "
            f"({size / 1_000_000:.1f} MB) to {folder}"
        )
