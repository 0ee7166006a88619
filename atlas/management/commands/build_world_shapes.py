import json
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atlas import build
from atlas.shapes import DATA_FILE


class Command(BaseCommand):
    help = (
        "Rebuild atlas/data/world.json, the simplified country shapes of the members map, from Natural "
        "Earth's 1:110m countries in the npm package world-atlas (fetched with npm into a temporary folder), "
        "and atlas/static/atlas/world.svg, the same shapes as the static sprite the pages draw from."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help="An unpacked world-atlas package folder (with countries-110m.json) to use instead of npm.",
        )
        parser.add_argument("--output", type=Path, default=DATA_FILE, help=f"Where to write (default {DATA_FILE}).")
        parser.add_argument(
            "--sprite-output",
            type=Path,
            help=f"Where to write the SVG sprite (default {build.SPRITE_FILE}, or beside --output when that is given).",
        )
        parser.add_argument(
            "--sprite-only",
            action="store_true",
            help="Only redraw the sprite from the shapes already in --output (no npm, no download).",
        )
        parser.add_argument(
            "--tolerance",
            type=float,
            default=build.TOLERANCE,
            help="How far, in map units (the map is 1000 wide), a simplified border may stray.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Build and report the size, write nothing.")

    def handle(self, *args, source=None, output=DATA_FILE, tolerance=build.TOLERANCE, dry_run=False, **options):
        sprite_output = options.get("sprite_output")
        if sprite_output is None:
            # Shapes written somewhere else (a trial build) never overwrite the site's sprite.
            sprite_output = build.SPRITE_FILE if output == DATA_FILE else output.with_suffix(".svg")
        if options.get("sprite_only"):
            try:
                data = json.loads(output.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Could not read the shapes in {output}: {error}") from error
            self._write(sprite_output, build.sprite(data), "the sprite", dry_run)
            return
        data = self._build(source, tolerance, options["verbosity"])
        text = build.dumps(data)
        summary = f"{len(data['countries'])} countries, {len(data['dots'])} small-country points"
        self._write(output, text, summary, dry_run)
        self._write(sprite_output, build.sprite(data), "the sprite", dry_run)

    def _build(self, source, tolerance, verbosity):
        try:
            if source:
                if not (source / build.DETAIL).exists():
                    raise CommandError(f"{source} has no {build.DETAIL}; give the unpacked world-atlas package folder.")
                return build.build_from_folder(source, tolerance=tolerance)
            if verbosity:
                self.stdout.write(f"Fetching {build.PACKAGE}@{build.PACKAGE_VERSION} with npm…")
            return build.build_from_npm(tolerance=tolerance)
        except FileNotFoundError as error:
            raise CommandError(f"Could not run npm ({error}); install Node.js or pass --source.") from error
        except subprocess.CalledProcessError as error:
            raise CommandError(f"npm could not fetch the package: {error.stderr.decode(errors='replace')}") from error
        except OSError as error:
            raise CommandError(f"Could not read the shapes: {error}") from error

    def _write(self, path, text, summary, dry_run):
        summary = f"{summary}, {len(text.encode()) / 1024:.1f} KB"
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Would write {path}: {summary}."))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}: {summary}."))
