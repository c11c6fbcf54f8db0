"""Two versions of a draft act side by side, word by word, in each language (issue #13 §3, 003 §10.13).

Every resubmission after a return is a new version; the developer and the approvers compare any two. A text
is compared line by line first (a line is a point or a sub-point, "1.", "1.1."), so the points stay side by
side, then word by word inside a changed line: the left column marks the removed words, the right column the
added ones. Whitespace keeps its place (a run of spaces counts as one), line breaks are the rows. The files of
the two versions are compared by content and name: added, removed, kept.

Pure functions over strings and small records; ``compare_versions`` only reads the two versions.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext_lazy as _

EQUAL = "equal"
REMOVED = "removed"
ADDED = "added"

#: a word (letters and digits, with inner hyphens or apostrophes: "Қазақстан", "ауыл-аймақ"), a run of
#: whitespace, or one other character (punctuation, "№", a point's dot)
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")
#: two changed lines are shown as one changed row when at least this share of their words are common
LINE_PAIR_CUTOFF = 0.5
#: a changed block larger than this (lines × lines) is paired in order, not by likeness (quadratic)
PAIRING_LIMIT = 40_000


@dataclass(frozen=True)
class Segment:
    """A run of text in one column: unchanged, removed (left column) or added (right column)."""

    text: str
    kind: str = EQUAL

    @property
    def removed(self) -> bool:
        return self.kind == REMOVED

    @property
    def added(self) -> bool:
        return self.kind == ADDED


@dataclass(frozen=True)
class Row:
    """One line of each version side by side; a side is None when the line exists only in the other version."""

    old: tuple[Segment, ...] | None
    new: tuple[Segment, ...] | None

    @property
    def changed(self) -> bool:
        return any(segment.kind != EQUAL for segment in (self.old or ()) + (self.new or ())) or (
            (self.old is None) != (self.new is None)
        )

    @property
    def only_old(self) -> bool:
        return self.new is None

    @property
    def only_new(self) -> bool:
        return self.old is None


@dataclass(frozen=True)
class TextDiff:
    """A text of two versions as rows of two columns."""

    rows: tuple[Row, ...]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)

    @property
    def removed_words(self) -> int:
        return _count_words(row.old for row in self.rows if row.old is not None and row.changed)

    @property
    def added_words(self) -> int:
        return _count_words(row.new for row in self.rows if row.new is not None and row.changed)

    @property
    def empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class FileRef:
    """A file as it is compared: its content's checksum and its name, and what to show and link."""

    name: str
    sha256: str
    label: str = ""  # e.g. the kind of the act's file ("comparison table")
    attachment_id: int | None = None

    @classmethod
    def of_act_file(cls, act_file: Any) -> "FileRef":
        attachment = act_file.attachment
        return cls(
            name=attachment.original_name,
            sha256=attachment.sha256,
            label=str(act_file.get_kind_display()),
            attachment_id=attachment.pk,
        )


@dataclass(frozen=True)
class FilesDiff:
    added: tuple[FileRef, ...]
    removed: tuple[FileRef, ...]
    kept: tuple[FileRef, ...]


@dataclass(frozen=True)
class LanguageDiff:
    """The title and the text in one language, for the template."""

    language: str
    label: str
    title: TextDiff
    text: TextDiff

    @property
    def changed(self) -> bool:
        return self.title.changed or self.text.changed

    @property
    def parts(self) -> tuple[TextDiff, TextDiff]:
        return (self.title, self.text)


@dataclass(frozen=True)
class Comparison:
    """Two versions of a draft act: titles and texts in Kazakh and Russian, and the files."""

    kk: TextDiff
    ru: TextDiff
    title_kk: TextDiff
    title_ru: TextDiff
    files_added: tuple[FileRef, ...]
    files_removed: tuple[FileRef, ...]
    files_kept: tuple[FileRef, ...]
    old_version: int | None = None
    new_version: int | None = None

    @property
    def changed(self) -> bool:
        return (
            any(diff.changed for diff in (self.kk, self.ru, self.title_kk, self.title_ru))
            or bool(self.files_added)
            or bool(self.files_removed)
        )

    @property
    def languages(self) -> tuple[LanguageDiff, ...]:
        """Kazakh first, the state language (the order of the act's texts)."""
        return (
            LanguageDiff("kk", _("In Kazakh"), self.title_kk, self.kk),
            LanguageDiff("ru", _("In Russian"), self.title_ru, self.ru),
        )


def compare_texts(old: str, new: str) -> TextDiff:
    """The two texts side by side: lines aligned, the words removed from `old` and added in `new` marked."""
    old_lines, new_lines = _lines(old), _lines(new)
    matcher = SequenceMatcher(
        None, [_line_key(line) for line in old_lines], [_line_key(line) for line in new_lines], autojunk=False
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                _equal_row(old_lines[i], new_lines[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        else:
            rows.extend(_changed_rows(old_lines[i1:i2], new_lines[j1:j2]))
    return TextDiff(rows=tuple(rows))


def compare_files(old: Iterable[FileRef], new: Iterable[FileRef]) -> FilesDiff:
    """The files of `new` not in `old` (added), of `old` not in `new` (removed) and in both (kept).

    A file is the same when its content (SHA-256) and its name are: a renamed file or a changed content is one
    file removed and one added. Two copies of one file count as two.
    """
    old = list(old)
    unmatched: dict[tuple[str, str], list[int]] = defaultdict(list)  # key → indexes of old files not yet matched
    for index, ref in enumerate(old):
        unmatched[(ref.sha256, ref.name)].append(index)
    added: list[FileRef] = []
    kept: list[FileRef] = []
    for ref in new:
        same = unmatched.get((ref.sha256, ref.name))
        if same:
            same.pop(0)
            kept.append(ref)
        else:
            added.append(ref)
    left = {index for indexes in unmatched.values() for index in indexes}
    removed = [ref for index, ref in enumerate(old) if index in left]
    return FilesDiff(added=tuple(added), removed=tuple(removed), kept=tuple(kept))


def compare_versions(old: Any, new: Any) -> Comparison:
    """Two versions of a draft act (acts.models.ActVersion), in the order given: `old` left, `new` right."""
    files = compare_files(_version_files(old), _version_files(new))
    return Comparison(
        kk=compare_texts(old.text_kk, new.text_kk),
        ru=compare_texts(old.text_ru, new.text_ru),
        title_kk=compare_texts(old.title_kk, new.title_kk),
        title_ru=compare_texts(old.title_ru, new.title_ru),
        files_added=files.added,
        files_removed=files.removed,
        files_kept=files.kept,
        old_version=old.number,
        new_version=new.number,
    )


def _version_files(version: Any) -> list[FileRef]:
    # a caller that lists many versions prefetches "files__attachment"; otherwise one query here
    if "files" in getattr(version, "_prefetched_objects_cache", {}):
        act_files = version.files.all()
    else:
        act_files = version.files.select_related("attachment")
    return [FileRef.of_act_file(act_file) for act_file in act_files]


def _lines(text: str) -> list[str]:
    return (text or "").splitlines()


def _tokens(line: str) -> list[str]:
    return TOKEN.findall(line)


def _token_key(token: str) -> str:
    # a run of whitespace is one gap however it is typed: re-spacing is not a change of the act
    return " " if token.isspace() else token


def _line_key(line: str) -> str:
    return " ".join(line.split())


def _equal_row(old_line: str, new_line: str) -> Row:
    return Row(old=(Segment(old_line),) if old_line else (), new=(Segment(new_line),) if new_line else ())


def _changed_rows(old_lines: Sequence[str], new_lines: Sequence[str]) -> list[Row]:
    """A block of lines that differ: the lines most alike are put side by side, the others stand alone."""
    if not old_lines:
        return [Row(old=None, new=_whole(line, ADDED)) for line in new_lines]
    if not new_lines:
        return [Row(old=_whole(line, REMOVED), new=None) for line in old_lines]
    if len(old_lines) * len(new_lines) > PAIRING_LIMIT:
        return _changed_rows_in_order(old_lines, new_lines)
    rows: list[Row] = []
    i = j = 0
    for pair_i, pair_j in [*_alike_pairs(old_lines, new_lines), (len(old_lines), len(new_lines))]:
        rows += _changed_rows_in_order(old_lines[i:pair_i], new_lines[j:pair_j])  # the unlike lines between
        if pair_i < len(old_lines):
            rows.append(_word_row(old_lines[pair_i], new_lines[pair_j]))
        i, j = pair_i + 1, pair_j + 1
    return rows


def _alike_pairs(old_lines: Sequence[str], new_lines: Sequence[str]) -> list[tuple[int, int]]:
    """The pairs of lines, in order, most alike in all (each sharing at least LINE_PAIR_CUTOFF of its words).

    An alignment by dynamic programming over the share of common words (Counter overlap: cheap, no matching
    of sequences), so a block of n × m lines costs n × m overlaps, not more.
    """
    old_words = [Counter(_line_words(line)) for line in old_lines]
    new_words = [Counter(_line_words(line)) for line in new_lines]
    new_sizes = [sum(words.values()) for words in new_words]
    columns = len(new_lines) + 1
    score = [[0.0] * columns for _ in range(len(old_lines) + 1)]
    for i, words in enumerate(old_words):
        size, above, row = sum(words.values()), score[i], score[i + 1]
        for j, other in enumerate(new_words):
            best = max(above[j + 1], row[j])
            total = size + new_sizes[j]
            if total and (alike := 2 * sum((words & other).values()) / total) >= LINE_PAIR_CUTOFF:
                best = max(best, above[j] + alike)
            row[j + 1] = best
    pairs: list[tuple[int, int]] = []
    i, j = len(old_lines), len(new_lines)
    while i and j:
        if score[i][j] == score[i - 1][j]:
            i -= 1
        elif score[i][j] == score[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _line_words(line: str) -> list[str]:
    return [token for token in _tokens(line) if not token.isspace()]


def _changed_rows_in_order(old_lines: Sequence[str], new_lines: Sequence[str]) -> list[Row]:
    rows = [_word_row(a, b) for a, b in zip(old_lines, new_lines, strict=False)]
    rows += [Row(old=_whole(line, REMOVED), new=None) for line in old_lines[len(new_lines) :]]
    rows += [Row(old=None, new=_whole(line, ADDED)) for line in new_lines[len(old_lines) :]]
    return rows


def _whole(line: str, kind: str) -> tuple[Segment, ...]:
    return (Segment(line, kind),) if line else ()


def _word_row(old_line: str, new_line: str) -> Row:
    """One changed line of each version, word by word."""
    old_tokens, new_tokens = _tokens(old_line), _tokens(new_line)
    matcher = SequenceMatcher(
        None, [_token_key(token) for token in old_tokens], [_token_key(token) for token in new_tokens], autojunk=False
    )
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(old_segments, "".join(old_tokens[i1:i2]), EQUAL)
            _append(new_segments, "".join(new_tokens[j1:j2]), EQUAL)
        else:
            _append(old_segments, "".join(old_tokens[i1:i2]), REMOVED)
            _append(new_segments, "".join(new_tokens[j1:j2]), ADDED)
    return Row(old=tuple(old_segments), new=tuple(new_segments))


def _append(segments: list[Segment], text: str, kind: str) -> None:
    """Add a run, merged with the previous one of the same kind; a lone gap between two changes joins them."""
    if not text:
        return
    if kind != EQUAL and text.strip() and text != text.strip():
        # the spaces around a changed run are not marked: an underline or a strike starts at the word
        stripped = text.lstrip()
        _append(segments, text[: len(text) - len(stripped)], EQUAL)
        _append(segments, stripped.rstrip(), kind)
        _append(segments, stripped[len(stripped.rstrip()) :], EQUAL)
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(segments[-1].text + text, kind)
        return
    # "removed", " ", "removed": the gap reads as part of the change, not as an unchanged word
    if (
        kind != EQUAL
        and len(segments) >= 2
        and segments[-1].kind == EQUAL
        and segments[-1].text.isspace()
        and segments[-2].kind == kind
    ):
        gap = segments.pop()
        segments[-1] = Segment(segments[-1].text + gap.text + text, kind)
        return
    segments.append(Segment(text, kind))


def _count_words(sides: Iterable[tuple[Segment, ...]]) -> int:
    return sum(
        1
        for segments in sides
        for segment in segments
        if segment.kind != EQUAL
        for token in _tokens(segment.text)
        if not token.isspace() and re.match(r"\w", token)
    )
