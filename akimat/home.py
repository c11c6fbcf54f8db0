"""The home page's panels: each person's own work, as the modules know it (issue #12 §7).

The core knows no module's data (dependencies point from the modules to `akimat`), so each module that has
work to show ships `<app>/home.py` with `HOME_PANELS: list[Callable[[user], Panel | None]]`, found the way
seed_demo finds `<app>/demo.py`. A provider returns None when the panel is not the user's (a registrar's
queue for an executor); its counts and rows come from the module's own queries, the ones its full list
uses, so a number on the home page is the number of the list it links to. Each provider runs a fixed
number of queries, whatever the number of rows.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: the modules whose home.py may add panels, in the order their panels are shown
MODULES_WITH_HOME = ("correspondence", "control", "meetings", "acts", "appeals")
#: rows a panel lists before "open the full list"
PANEL_ROWS = 5


@dataclass
class Row:
    """One line of a panel: a document or an instruction, with its link."""

    label: str
    url: str
    text: str = ""
    meta: str = ""
    light: str = ""  # the traffic light's colour of an instruction
    light_label: str = ""
    source: str = ""  # where an instruction comes from (the letter and who gave it)


@dataclass
class Cell:
    """One count of a panel's traffic light, linking to the list it counts."""

    light: str
    name: str
    description: str
    count: int
    url: str


@dataclass
class Panel:
    """A card of the home page: a title, a count, the first rows, and the link to the full list."""

    key: str
    title: Any
    count: int
    url: str
    link_label: Any
    rows: list[Row] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    note: Any = ""
    empty: Any = ""
    wide: bool = False  # across the page (a traffic light of five counts)


Provider = Callable[[Any], Panel | None]


def providers() -> list[Provider]:
    """The panel providers of every module that ships a home.py, in MODULES_WITH_HOME order."""
    found: list[Provider] = []
    for module_name in MODULES_WITH_HOME:
        # find_spec first, so that an ImportError raised inside a home module is not mistaken for its absence
        if importlib.util.find_spec(module_name) and importlib.util.find_spec(f"{module_name}.home"):
            found.extend(getattr(importlib.import_module(f"{module_name}.home"), "HOME_PANELS", []))
    return found


def panels_for(user) -> list[Panel]:
    """The panels of the user's own work, in order; the wide ones (a traffic light) after the others, so that the
    cards of a row stay side by side."""
    panels = [panel for provider in providers() if (panel := provider(user)) is not None]
    return sorted(panels, key=lambda panel: panel.wide)
