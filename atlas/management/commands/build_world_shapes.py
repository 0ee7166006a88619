import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atlas import build
from atlas.shapes import DATA_FILE


class Command(BaseCommand):
    help = (
        "Rebuild atlas/data/world.json, the simplified country shapes of the members map, from Natural "
        "Earth's 1:110m countries in the npm package world-atlas (fetched with npm into a temporary folder)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help="An unpacked world-atlas package folder (with countries-110m.json) to use instead of npm.",
        )
        parser.add_argument("--output", type=Path, default=DATA_FILE, help=f"Where to write (default {DATA_FILE}).")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=build.TOLERANCE,
            help="How far, in map units (the map is 1000 wide), a simplified border may stray.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Build and report the size, write nothing.")

    def handle(self, *args, source=None, output=DATA_FILE, tolerance=build.TOLERANCE, dry_run=False, **options):
        try:
            if source:
                if not (source / build.DETAIL).exists():
                    raise CommandError(f"{source} has no {build.DETAIL}; give the unpacked world-atlas package folder.")
                data = build.build_from_folder(source, tolerance=tolerance)
            else:
                if options["verbosity"]:
                    self.stdout.write(f"Fetching {build.PACKAGE}@{build.PACKAGE_VERSION} with npm…")
                data = build.build_from_npm(tolerance=tolerance)
        except FileNotFoundError as error:
            raise CommandError(f"Could not run npm ({error}); install Node.js or pass --source.") from error
        except subprocess.CalledProcessError as error:
            raise CommandError(f"npm could not fetch the package: {error.stderr.decode(errors='replace')}") from error
        except OSError as error:
            raise CommandError(f"Could not read the shapes: {error}") from error
        text = build.dumps(data)
        size = len(text.encode())
        summary = f"{len(data['countries'])} countries, {len(data['dots'])} small-country points, {size / 1024:.1f} KB"
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Would write {output}: {summary}."))
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}: {summary}."))
