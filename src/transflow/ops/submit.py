"""``transflow submit``: validate translated PO files and merge them into locales/.

Files are accepted as PO editors write them (rewrapped, reordered, CRLF, BOM,
comments dropped or added, header missing). What a file says is applied whole or
not at all: a file that cannot be read stops the whole invocation, and all files
are written only after every one of them has been checked.

The rules for each submitted entry:

* An empty translation never erases one.
* A translation for source text that is no longer in the article (it changed after
  the pull) becomes a stale suggestion on the most similar unit that has no
  current translation, or else an obsolete entry: it is never dropped.
* QA errors (markup, footnotes, URLs, numbers ...) keep an entry from being applied;
  warnings are reported and the entry is applied.
* Conflicts: if the unit's translation in locales/ changed since the pull (someone
  else submitted) and this file changes it too, the first submission stays and the
  later text is kept beside it as a ``# transflow-conflict:`` comment for an editor
  to decide. ``--force`` (editors only) makes the submitted text win; the text it
  replaced is then kept in that comment. Whether a unit changed since the pull is
  known from the ``transflow-base`` fingerprint ``pull`` writes on each entry; if an
  editor dropped those comments, from the pull time in the header; a file without
  either counts any translation by another person as changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from transflow.errors import SubmitError, TransflowError
from transflow.formats.po import (
    BASE_TAG,
    CONFLICT_TAG,
    PULLED_AT,
    PULLED_BY,
    PULLED_COPY,
    Header,
    base_digest,
    conflict_note,
    conflicting_versions,
    read_catalog,
)
from transflow.formats.workflow import Assignment, Person
from transflow.formats.xliff import decode_translation_file
from transflow.model.catalog import Attribution, Catalog, Entry, Origin, OriginKind, copy_id, text_digest
from transflow.qa.checks import CHECKS, SAFETY_CHECKS, Severity, check_translation
from transflow.qa.terms import TermIndex
from transflow.util import clock
from transflow.util.fs import StagedWrites, check_writable, project_lock, read_input
from transflow.workspace.assignments import dismissal_refusal, effective_assignment, person_named, team_member
from transflow.workspace.conflicts import decided
from transflow.workspace.merge import pair_similar, similarity
from transflow.workspace.outside import attribute_outside_edits
from transflow.workspace.project import Project, check_slug
from transflow.workspace.renames import renamed_to
from transflow.workspace.templates import read_text, render_if_changed


@dataclass(frozen=True)
class EntryProblem:
    line: int | None
    unit: str
    check: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "unit": self.unit, "check": self.check, "message": self.message}


@dataclass(frozen=True)
class Conflict:
    line: int | None
    unit: str
    current: str
    submitted: str
    kept: str  # "current" or "submitted"

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "unit": self.unit, "current": self.current,
                "submitted": self.submitted, "kept": self.kept}


@dataclass
class FileResult:
    file: str
    article: str
    language: str
    person: str
    applied: int = 0
    reviewed: int = 0
    unchanged: int = 0
    stale: int = 0
    obsolete: int = 0
    rejected: list[EntryProblem] = field(default_factory=list)
    warnings: list[EntryProblem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    dismissed: list[EntryProblem] = field(default_factory=list)  # checks switched off for one unit
    renamed_from: str | None = None  # the file was pulled under this slug

    @property
    def rejected_units(self) -> int:
        """Units not applied (one unit may fail several checks)."""
        return len({problem.unit for problem in self.rejected})

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "article": self.article, "renamed_from": self.renamed_from,
            "language": self.language, "person": self.person,
            "applied": self.applied, "reviewed": self.reviewed, "unchanged": self.unchanged,
            "stale": self.stale, "obsolete": self.obsolete, "rejected_units": self.rejected_units,
            "rejected": [p.as_dict() for p in self.rejected],
            "warnings": [p.as_dict() for p in self.warnings],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "dismissed": [p.as_dict() for p in self.dismissed],
        }


@dataclass
class SubmitReport:
    files: list[FileResult]
    dry_run: bool
    written: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        # A conflict an editor settled with --force is reported but is not a failure.
        return not any(f.rejected or any(c.kept == "current" for c in f.conflicts) for f in self.files)

    def as_dict(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "ok": self.ok, "written": self.written,
                "files": [f.as_dict() for f in self.files]}


@dataclass(frozen=True)
class Submission:
    path: str
    article: str
    language: str
    catalog: Catalog
    person: Person
    pulled_at: str | None
    copy: str  # the pulled copy this file is (copy_id), "" when it was not pulled
    renamed_from: str | None = None  # the article's slug when the file was pulled, if renamed since


def submit_files(
    project: Project,
    files: Sequence[Path],
    translator: str | None = None,
    reviewer: str | None = None,
    review: bool = False,
    force: bool = False,
    dry_run: bool = False,
    skip_checks: Collection[str] = (),
) -> SubmitReport:
    """Check the files and merge them into locales/ (nothing when ``dry_run``).

    ``reviewer`` submits as that reviewer and implies ``review``; ``skip_checks``
    names QA checks not to run (see :data:`transflow.qa.checks.CHECKS`); skipping one of
    :data:`transflow.qa.checks.SAFETY_CHECKS` takes ``force``, which only editors may use.
    """
    if not files:
        raise SubmitError("no files to submit; name the PO files you translated")
    if translator and reviewer:
        raise SubmitError("submit as a translator or as a reviewer, not both")
    unknown = sorted(set(skip_checks) - set(CHECKS))
    if unknown:
        raise SubmitError(f"no QA check named {', '.join(unknown)} (checks: {', '.join(CHECKS)})")
    unsafe = [check for check in SAFETY_CHECKS if check in skip_checks]
    if unsafe and not force:
        raise SubmitError(f"--skip-check {', '.join(unsafe)} lets unchecked markup and links onto published pages; "
                          "only an editor may skip it, with --force")
    terms = project.term_index  # first: a broken glossary.yaml stops the submission before any file is read
    review = review or reviewer is not None
    role = "reviewer" if review else "translator"
    submissions = [_read_submission(project, Path(f), reviewer or translator, role) for f in files]
    for sub in submissions:
        _authorize(project, sub, review, force)

    now = clock.iso(clock.now())
    with project_lock(project.root, sweep=[project.locales_dir]):
        current: dict[tuple[str, str], Catalog] = {}
        old_texts: dict[tuple[str, str], str | None] = {}
        originals: dict[tuple[str, str], Catalog] = {}
        results = []
        for sub in submissions:
            key = (sub.article, sub.language)
            if key not in current:
                path = project.po_path(sub.language, sub.article)
                if not path.exists():
                    raise SubmitError(f"no PO file for '{sub.article}' in '{sub.language}'; run 'transflow update' first",
                                      project.display(path))
                old_texts[key] = read_text(path)
                current[key] = originals[key] = read_catalog(path, project.display(path))
                attribute_outside_edits(project, current[key])  # work done in locales/ by other tools
            result = FileResult(sub.path, sub.article, sub.language, sub.person.id, renamed_from=sub.renamed_from)
            current[key] = _merge_submission(project, current[key], sub, result, review, force, now, skip_checks,
                                             terms)
            results.append(result)

        report = SubmitReport(results, dry_run)
        if dry_run:
            return report
        pending = []
        for key, catalog in current.items():
            if catalog == originals[key]:
                continue  # nothing applied: leave the file and its header alone
            path = project.po_path(key[1], key[0])
            check_writable(path, project.display(path))
            people = [s.person for s in submissions if (s.article, s.language) == key]
            catalog.headers[Header.LAST_TRANSLATOR] = people[-1].display
            text = render_if_changed(catalog, Header.REVISION_DATE, old_texts[key])
            if text is not None:
                pending.append((path, text))
        with StagedWrites(project.journal_path) as staged:  # everything is checked: now write it all, or nothing
            for path, text in pending:
                staged.stage_text(path, text, project.display(path))
                report.written.append(project.display(path))
    return report


def _read_submission(project: Project, path: Path, person_id: str | None, role: str) -> Submission:
    shown = str(path)
    catalog = decode_translation_file(read_input(path, shown, SubmitError), path, shown)  # PO or XLIFF
    header_article = catalog.headers.get(Header.ARTICLE) or None
    header_language = catalog.headers.get(Header.LANGUAGE) or None
    path_language = path.parent.name if path.parent.name in project.workflow.languages else None
    article = header_article or path.stem
    language = header_language or path_language
    if language is None:
        raise SubmitError("cannot tell the language: keep the Language header or name the file <lang>/<slug>.po", shown)
    language = language.replace("-", "_") if language.replace("-", "_") in project.workflow.languages else language
    if path_language and header_language and path_language != language:
        raise SubmitError(f"the header says '{header_language}' but the file is in the folder of '{path_language}'; "
                          "fix the header or move the file", shown)
    if language not in project.workflow.languages:
        known = ", ".join(project.workflow.languages)
        raise SubmitError(f"the file is for '{language}', which is not a language of this project ({known})", shown)
    renamed_from = None
    try:
        check_slug(article)
        new_name = renamed_to(project, article) if article not in project.article_paths else None
        if new_name:
            # Pulled before update found the rename: the work goes to the article's new name.
            renamed_from, article = article, new_name
        project.article_path(article)
    except TransflowError:
        known = ", ".join(project.slugs()) or "none"
        raise SubmitError(f"the file is for the article '{article}', which is not in the project (articles: {known})",
                          shown) from None
    # As with the language: a file named after one article whose header names another
    # was edited by hand or copied; merging it into either could bury the work.
    path_article = path.stem if path.stem in project.article_paths else None
    if path_article and header_article and header_article != path_article:
        raise SubmitError(f"the file name says article '{path_article}' but its X-Transflow-Article header says "
                          f"'{header_article}'; restore the header or rename the file", shown)
    # Who did the work: the command line, else the team member the PO editor names in
    # Last-Translator (by e-mail or by name), else whoever pulled the file.
    person_id = (person_id or person_named(project, catalog.headers.get(Header.LAST_TRANSLATOR, ""))
                 or catalog.headers.get(PULLED_BY) or None)
    if not person_id:
        raise SubmitError(f"cannot tell who did the work: pass --{role} NAME", shown)
    try:
        person = team_member(project, person_id, language, role)
    except TransflowError as exc:
        raise SubmitError(exc.message, shown) from None
    pulled_at = catalog.headers.get(PULLED_AT) or None
    pulled_by = catalog.headers.get(PULLED_BY) or ""
    # A file pulled before copies were named is known by who pulled it and when.
    copy = catalog.headers.get(PULLED_COPY) or (copy_id(pulled_by, pulled_at) if pulled_at else "")
    return Submission(shown, article, language, catalog, person, pulled_at, copy, renamed_from)


def _authorize(project: Project, sub: Submission, review: bool, force: bool) -> None:
    if force and not sub.person.editor:
        raise SubmitError(f"--force is for editors; {sub.person.id} is not an editor in workflow.yaml", sub.path)
    if force:
        return
    assignment = effective_assignment(project, sub.article, sub.language)
    if review:
        if not assignment.reviewer:
            raise SubmitError(f"nobody is assigned to review '{sub.article}' in '{sub.language}'; assign a reviewer "
                              f"(transflow assign {sub.article} --lang {sub.language} --reviewer {sub.person.id}), "
                              "or an editor may use --force", sub.path)
        if assignment.reviewer != sub.person.id:
            raise SubmitError(f"only the assigned reviewer ({assignment.reviewer}) may review '{sub.article}' in "
                              f"'{sub.language}'; an editor may use --force", sub.path)
    elif assignment.translator and assignment.translator != sub.person.id:
        raise SubmitError(f"'{sub.article}' in '{sub.language}' is assigned to {assignment.translator}, "
                          f"not {sub.person.id}; ask an editor to reassign it", sub.path)


def _base_of(entry: Entry) -> str | None:
    for note in entry.notes:
        if note.startswith(BASE_TAG):
            return note[len(BASE_TAG):].strip()
    return None


def _own_notes(entry: Entry) -> tuple[str, ...]:
    return tuple(n for n in entry.notes if not n.startswith(BASE_TAG))


def _changed_since_pull(current: Entry, submitted: Entry, sub: Submission) -> bool:
    """Whether locales/ holds a text for the unit that this copy of the file never saw.

    Decided by content, whoever made the change: the submitter's own other copy (a
    second folder, a second machine) or an edit by another tool conflicts like anyone
    else's work. Only this very copy's earlier submission, still unchanged in locales/,
    is the file's own progress.
    """
    if not current.msgstr:
        return False  # nothing there to lose
    written = current.translated
    if (written and sub.copy and written.copy == sub.copy and written.person == sub.person.id
            and written.text == text_digest(current.msgstr)):
        return False
    base = _base_of(submitted)
    if base is not None:
        return base_digest(current.msgstr) != base
    if sub.pulled_at is not None:
        when = current.translated.when if current.translated else ""
        return when >= sub.pulled_at  # same second: cannot tell, so assume it changed
    # No pull information at all: another person's translation is theirs to keep.
    return current.translated is not None and current.translated.person != sub.person.id


def _merge_submission(
    project: Project,
    catalog: Catalog,
    sub: Submission,
    result: FileResult,
    review: bool,
    force: bool,
    now: str,
    skip_checks: Collection[str],
    terms: TermIndex,
) -> Catalog:
    """``catalog`` (what locales/ holds) with one submission merged in, unit by unit.

    Each unit goes through the same steps in order (empty, untouched since the pull,
    identical, QA, conflict, apply, decide), and each step may end the unit's turn;
    kept in one loop so that the order, which is the policy, reads top to bottom.
    """
    entries = {e.msgid: e for e in catalog.entries}
    order = [e.msgid for e in catalog.entries]
    obsolete = {e.msgid: e for e in catalog.obsolete}
    who = Attribution(sub.person.id, now, copy=sub.copy)
    assignment = effective_assignment(project, sub.article, sub.language)
    orphans: list[Entry] = []

    for submitted in sub.catalog.entries + [replace(e, fuzzy=True) for e in sub.catalog.obsolete]:
        current = entries.get(submitted.msgid)
        if current is None or submitted.obsolete:
            if submitted.msgstr and not (current and current.msgstr == submitted.msgstr):
                orphans.append(submitted)
            else:
                result.unchanged += 1
            continue
        current = _record_dismissals(current, submitted, sub, assignment, who, result)
        entries[current.msgid] = current
        if not submitted.msgstr:
            result.unchanged += 1  # an empty translation never erases one
            continue
        base = _base_of(submitted)
        if base is not None and submitted.msgstr != current.msgstr and base_digest(submitted.msgstr) == base:
            # Untouched since the pull: what locales/ holds now is newer. Applying the
            # file's copy would silently revert someone's (or one's own later) work.
            result.unchanged += 1
            continue
        approves_stale = submitted.msgstr == current.msgstr and current.fuzzy and not submitted.fuzzy
        if submitted.msgstr == current.msgstr and not approves_stale:
            if review and current.is_translated and current.reviewed is None and not submitted.fuzzy:
                entries[current.msgid] = replace(current, reviewed=who)
                result.reviewed += 1
            else:
                result.unchanged += 1
            continue

        problems = check_translation(current.msgid, submitted.msgstr, sub.language, {*skip_checks, *current.dismissed},
                                     terms.terms_in(current.msgid), project.workflow.glossary == "strict")
        errors = [p for p in problems if p.severity is Severity.ERROR]
        for problem in problems:
            found = EntryProblem(submitted.line, current.msgid, problem.check, problem.message)
            (result.rejected if problem.severity is Severity.ERROR else result.warnings).append(found)
        if errors:
            continue

        changed = not approves_stale and _changed_since_pull(current, submitted, sub)
        if changed:
            kept = "submitted" if force else "current"
            result.conflicts.append(Conflict(submitted.line, current.msgid, current.msgstr, submitted.msgstr, kept))
            if not force:
                note = conflict_note(sub.person.id, now, submitted.msgstr)
                entries[current.msgid] = replace(current, notes=(*current.notes, note))
                continue
            # Forced over a text the editor never saw: that text is kept as a conflict.
            loser = current.translated.person if current.translated else "unknown"
            current = replace(current, notes=(*current.notes, conflict_note(loser, now, current.msgstr)))

        known = set(current.notes)  # a set: a file may carry 100,000 comment lines
        notes = current.notes + tuple(n for n in _own_notes(submitted) if n not in known
                                      and not n.startswith(("transflow-", CONFLICT_TAG)))
        updated = replace(
            current,
            msgstr=submitted.msgstr,
            fuzzy=submitted.fuzzy,
            previous=current.previous if submitted.fuzzy else None,
            origin=_origin_kept(current, submitted.msgstr),
            translated=who if submitted.msgstr != current.msgstr else (current.translated or who),
            reviewed=who if review and not submitted.fuzzy else None,
            notes=notes,
        )
        if force and not changed and conflicting_versions(current):
            # The editor saw the unit's conflict when pulling: this text decides it.
            updated = decided(updated, who)
        entries[current.msgid] = updated
        if submitted.fuzzy:
            result.stale += 1
        else:
            result.applied += 1
            result.reviewed += 1 if review else 0

    _place_orphans(project, entries, order, obsolete, orphans, who, result)
    return replace(catalog, entries=[entries[m] for m in order], obsolete=list(obsolete.values()),
                   headers=dict(catalog.headers))


#: Below this similarity to the proposal, a submitted text replaced it rather than edited it.
REPLACED_BELOW = 0.5


def _origin_kept(current: Entry, text: str) -> Origin | None:
    """How the unit was started (reports bill by it) while the text is still the proposal,
    edited or not; a text that replaced the proposal is the translator's own, and a
    "fuzzy 87% match" comment on it would say something untrue."""
    if current.origin is None or not current.msgstr or text == current.msgstr:
        return current.origin
    return current.origin if similarity(current.msgstr, text) >= REPLACED_BELOW else None


def _record_dismissals(current: Entry, submitted: Entry, sub: Submission, assignment: Assignment,
                       who: Attribution, result: FileResult) -> Entry:
    """The unit with the checks the submitted entry switches off (``#, ignore-numbers``).

    A file that drops a flag switches nothing back on (PO editors drop flags they do not
    know); ``transflow dismiss --undo`` does. Who may switch which check off is the same
    rule as ``transflow dismiss`` (:func:`dismissal_refusal`). A flag that is not honoured
    is a warning, and the check runs.
    """
    for name in sorted(submitted.dismissed - current.dismissed):
        if name not in CHECKS:
            result.warnings.append(EntryProblem(submitted.line, current.msgid, name,
                                                f"'#, ignore-{name}' names no check (checks: {', '.join(CHECKS)})"))
        elif refusal := dismissal_refusal(sub.person, assignment, name, sub.article, sub.language):
            result.warnings.append(EntryProblem(submitted.line, current.msgid, name,
                                                f"'#, ignore-{name}' not honoured: {refusal}"))
        else:
            current = current.with_dismissed(name, who)
            result.dismissed.append(EntryProblem(submitted.line, current.msgid, name,
                                                 f"{name} switched off for this unit by {who.person}"))
    return current


def _place_orphans(
    project: Project,
    entries: dict[str, Entry],
    order: list[str],
    obsolete: dict[str, Entry],
    orphans: list[Entry],
    who: Attribution,
    result: FileResult,
) -> None:
    """Translations of source text that changed after the pull: suggestions, or obsolete."""
    # Units without a current translation: untranslated, or stale (a submitted text is
    # newer than the suggestion update offered; the suggestion is kept in a note).
    open_units = [m for m in order if not entries[m].is_translated]
    pairs = pair_similar(open_units, [o.msgid for o in orphans], project.workflow.match_threshold)
    placed = set()
    for i, j, _score in pairs:
        orphan, unit = orphans[j], entries[open_units[i]]
        if unit.msgstr == orphan.msgstr and unit.fuzzy:
            # The same file submitted again: the suggestion is there already, with its first credit.
            placed.add(j)
            result.unchanged += 1
            continue
        notes = unit.notes
        if unit.msgstr and unit.msgstr != orphan.msgstr:
            earlier_person = unit.translated.person if unit.translated else "unknown"
            notes = (*notes, conflict_note(earlier_person, who.when, unit.msgstr))
        entries[unit.msgid] = replace(unit, msgstr=orphan.msgstr, fuzzy=True, previous=orphan.msgid, notes=notes,
                                      translated=who, origin=Origin(OriginKind.EARLIER))
        result.stale += 1
        placed.add(j)
    for j, orphan in enumerate(orphans):
        if j in placed:
            continue
        earlier = obsolete.get(orphan.msgid)
        if earlier is not None and earlier.msgstr == orphan.msgstr:
            result.unchanged += 1  # kept already, credited to whoever submitted it first
            continue
        kept = Entry(msgid=orphan.msgid, msgstr=orphan.msgstr, obsolete=True, translated=who,
                     notes=_own_notes(orphan))
        if earlier is not None:
            person = earlier.translated.person if earlier.translated else "unknown"
            kept = replace(kept, notes=(*kept.notes, conflict_note(person, who.when, earlier.msgstr)))
        if orphan.msgid in entries:
            # the unit is translated already: keep the submitted text beside it (once)
            unit = entries[orphan.msgid]
            if orphan.msgstr in {text for _who, text in conflicting_versions(unit)}:
                result.unchanged += 1
                continue
            entries[orphan.msgid] = replace(unit, notes=(*unit.notes, conflict_note(who.person, who.when, orphan.msgstr)))
        else:
            obsolete[orphan.msgid] = kept
        result.obsolete += 1
