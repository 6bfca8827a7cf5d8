"""``yamlkit fix PATH...``: apply the safe fixes in place (``-``: standard input to standard output)."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, List, Optional

import typer

from . import app
from .common import EXIT_USAGE, fail, settings_from_options, split_list


@app.command("fix")
def fix_command(
    paths: List[str] = typer.Argument(..., help="Files or directories to fix; '-' reads standard input and writes the result to standard output."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff of the fixes; change nothing."),
    check: bool = typer.Option(False, "--check", help="Change nothing; exit 1 if any file would change."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply fixes marked unsafe (they may change a value)."),
    config: Optional[str] = typer.Option(None, "--config", help="Use this configuration file (no discovery)."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rules (codes, prefixes or names; comma-separated)."),
    extend_select: Optional[List[str]] = typer.Option(None, "--extend-select", help="Enable these rules on top of the defaults."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Disable these rules (codes, prefixes or names)."),
    fail_level: Optional[str] = typer.Option(None, "--fail-level", help="Lowest severity left after fixing that fails the run: error (default), warning, info."),
    yaml12: bool = typer.Option(False, "--yaml-1.2", help="Resolve plain scalars with YAML 1.2 rules."),
    show_fixes: bool = typer.Option(False, "--show-fixes", help="List every fix applied, with its line."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the per-file lines, not the remaining problems."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """Fix what can be fixed safely: TABs, misaligned lines, trailing spaces, line breaks, traps..."""

    if diff and check:
        fail("--diff and --check cannot be combined", "use one of them")
    overrides: dict[str, Any] = {
        "select": split_list(select),
        "extend_select": split_list(extend_select),
        "ignore": split_list(ignore),
        "yaml12": yaml12 or None,
        "debug": debug or None,
    }
    settings = settings_from_options(overrides, fail_level=fail_level, config=config, paths=paths)
    mode = "diff" if diff else "check" if check else "write"
    raise typer.Exit(run_fix(paths, settings, mode=mode, unsafe=unsafe_fixes, show_fixes=show_fixes, quiet=quiet))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _line(f: Any) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}" + (f" ({f.rule})" if f.rule else "")


def unified_diff(before: str, after: str, name: str) -> str:
    import difflib

    def lines(text: str) -> list[str]:
        out = text.splitlines(keepends=True)
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += "\n\\ No newline at end of file\n"
        return out

    return "".join(difflib.unified_diff(lines(before), lines(after), fromfile=f"a/{name}", tofile=f"b/{name}"))


def run_fix(paths: list[str], settings: Any, *, mode: str = "write", unsafe: bool = False,
            show_fixes: bool = False, quiet: bool = False) -> int:
    """Fix ``paths``; print per-file lines, the remaining problems and a summary; the exit code."""
    from ..discovery import MissingPath, expand_paths, read_source
    from ..engine import FileResult, check_sources
    from ..findings import Severity
    from ..fixes import Fixer
    from ..fixes.writer import encode
    from ..source import STDIN, SourceFile

    fixer = Fixer(settings, unsafe=unsafe)
    stdin_mode = paths == [STDIN]
    say = (lambda text: typer.echo(text, err=True)) if stdin_mode else typer.echo
    finals: list[SourceFile | FileResult] = []
    extra: list[Any] = []
    fixed_files = fixed_problems = io_errors = 0
    would_change = False
    try:
        targets = list(expand_paths(paths, settings))
    except MissingPath as exc:
        fail(f"no such file or directory: {exc}", "check the path; use '-' to read standard input")
    for path in targets:
        source = read_source(path, settings)
        if isinstance(source, FileResult):
            finals.append(source)
            if any(f.code == "Y015" for f in source.findings):
                io_errors += 1
            continue
        try:
            outcome = fixer.fix(source.text, source.name)
        except RecursionError as exc:  # pragma: no cover - guarded by the parser's depth limit
            from ..fixes.runner import internal_error

            extra.append(internal_error(source.name, f"{type(exc).__name__}: {exc}"))
            finals.append(source)
            continue
        extra.extend(outcome.problems)
        count = len(outcome.applied)
        final_text = source.text
        if outcome.changed:
            would_change = True
            if mode == "diff":
                sys.stdout.write(unified_diff(source.text, outcome.text, source.name))
                say(f"would fix {_plural(count, 'problem')} in {source.name}")
            elif mode == "check":
                say(f"would fix {_plural(count, 'problem')} in {source.name}")
            elif path == STDIN:
                final_text = outcome.text
                say(f"fixed {_plural(count, 'problem')} in {source.name}")
            else:
                error = _write(path, source, outcome.text, encode)
                if error:
                    say(f"yamlkit: error: {source.name}: {error}; the file was not changed")
                    io_errors += 1
                else:
                    final_text = outcome.text
                    say(f"fixed {_plural(count, 'problem')} in {source.name}")
            fixed_files += 1
            fixed_problems += count
            if show_fixes:
                for applied in outcome.applied:
                    value = f" ({applied.value[1]!r} -> {applied.value[2]!r})" if applied.value else ""
                    say(f"  {source.name}:{applied.line}: {applied.code or '-'} {applied.rule}: {applied.title}{value}")
        if path == STDIN:
            sys.stdout.write(final_text if mode == "write" else "")
            sys.stdout.flush()
        if mode != "write":
            final_text = outcome.text
        finals.append(SourceFile(name=source.name, text=final_text, encoding=source.encoding, had_bom=source.had_bom))
    report = check_sources(finals, settings)
    with_errors = {f.file for f in report.findings if f.severity is Severity.ERROR}
    # A file left unparsed fails the run even when its syntax finding is disabled.
    extra = [dataclasses.replace(f, severity=Severity.ERROR)
             if f.code == "Y004" and f.file not in with_errors else f for f in extra]
    findings = sorted(list(report.findings) + extra, key=lambda f: f.sort_key)
    if not quiet:
        for finding in findings:
            say(_line(finding))
    verb = "fixed" if mode == "write" else "would fix"
    remain = len(findings)
    say(f"{verb} {_plural(fixed_problems, 'problem')} in {_plural(fixed_files, 'file')}; "
        f"{_plural(remain, 'problem')} {'remains' if remain == 1 else 'remain'}")
    if io_errors:
        return EXIT_USAGE
    if mode == "check" and would_change:
        return 1
    return 1 if any(f.severity.rank >= settings.fail_level.rank for f in findings) else 0


def _write(path: str, source: Any, text: str, encode: Any) -> str | None:
    """Write ``text`` to ``path`` safely; an error message, or None."""
    from ..fixes import write_atomic

    try:
        with open(path, "rb") as handle:
            on_disk = handle.read()
        if on_disk != encode(source.text, source.encoding, source.had_bom):
            return "the file changed while it was being fixed"
        write_atomic(path, encode(text, source.encoding, source.had_bom))
    except OSError as exc:
        return f"cannot write: {exc.strerror or exc}"
    return None
