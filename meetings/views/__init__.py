"""Views of the module: meetings, agendas and protocols (issue #14, SPEC §7) — one module per area."""
