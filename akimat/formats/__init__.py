"""Locale formats Django does not ship (FORMAT_MODULE_PATH): Kazakh numbers and dates as written in Kazakhstan."""
