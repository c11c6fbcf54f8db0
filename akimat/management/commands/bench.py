"""`python manage.py bench <module> [options]`: seed a separate benchmark database and print timings.

Each module that can be benchmarked ships `<app>/bench.py` with `add_arguments(parser)` and
`run(options, out)` (see akimat/bench.py); this command finds them among the installed apps, so a new
module adds its benchmark without touching this file. Output: one `name: value unit` line per figure,
notes prefixed with "# ".
"""

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from akimat.bench import Output


def benchmark_modules() -> dict[str, ModuleType]:
    """{app label: its bench module} for every installed app whose bench.py defines run and add_arguments."""
    found = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.bench"
        if importlib.util.find_spec(config.name) is None or importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "run", None)) and callable(getattr(module, "add_arguments", None)):
            found[config.label] = module
    return found


class Command(BaseCommand):
    help = "Seed a separate benchmark database and print timings of a module (SPEC §9)."
    # nothing may open the configured database before the benchmark switches to its own
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="module", metavar="module", required=True)
        for label, module in sorted(benchmark_modules().items()):
            summary = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
            module.add_arguments(subparsers.add_parser(label, help=summary, description=module.__doc__))

    def handle(self, *args, **options) -> None:
        module = benchmark_modules()[options["module"]]
        module.run(options, Output(self.stdout))
