"""Reports written piece by piece are the same text as rendered at once, and the CLI's source
store gives back the checked text."""

from __future__ import annotations

import json

import pytest

from yamlkit import check
from yamlkit.cli.run import SourceStore
from yamlkit.report import FORMATS, RenderedAhead, RenderOptions, finding_renderer, render, render_pieces
from yamlkit.report.common import summary_line
from yamlkit.report.concise import line_of
from yamlkit.source import SourceFile

MANIFESTS = """\
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: wbe}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, note: "ünïcode"}}
    spec:
      containers: [{name: web, image: "nginx:latest"}]
"""


def test_json_pieces_are_json_dumps_of_the_report() -> None:
    report = check(MANIFESTS)
    assert len(report.findings) > 2
    text = "".join(render_pieces(report, {}, "json", RenderOptions()))
    assert text == json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    report.findings.clear()
    empty = "".join(render_pieces(report, {}, "json", RenderOptions()))
    assert empty == json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def test_concise_pieces_are_its_lines() -> None:
    report = check(MANIFESTS)
    options = RenderOptions(show_summary=True)
    text = "".join(render_pieces(report, {}, "concise", options))
    assert text == "".join(line_of(f) + "\n" for f in report.findings) + summary_line(report) + "\n"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("color", [False, True])
def test_texts_rendered_ahead_make_the_same_report(fmt, color) -> None:
    report = check(MANIFESTS)
    options = RenderOptions(color=color, show_summary=True)
    plain = render(report, {}, fmt, options)
    one = finding_renderer(fmt, options)
    if one is None:  # a format that renders findings together, or by their sources
        assert fmt not in ("json", "json-lines", "concise")
        return
    options.ahead = RenderedAhead()
    options.ahead.add(report.findings, [one(f) for f in report.findings])
    assert render(report, {}, fmt, options) == plain


@pytest.mark.parametrize("fmt", ["json", "json-lines", "concise"])
def test_texts_rendered_ahead_are_written_for_their_findings_only(fmt) -> None:
    report = check(MANIFESTS)
    first, rest = report.findings[:1], report.findings[1:]
    options = RenderOptions()
    options.ahead = RenderedAhead()
    options.ahead.add(first, ["<rendered ahead>"])
    text = render(report, {}, fmt, options)
    assert text.count("<rendered ahead>") == 1
    one = finding_renderer(fmt, options)
    assert all(one(f) in text for f in rest)
    assert one(first[0]) not in text


def test_statistics_are_never_rendered_ahead() -> None:
    assert finding_renderer("json", RenderOptions(statistics=True)) is None
    assert finding_renderer("sarif", RenderOptions()) is None


def test_the_source_store_gives_back_the_text() -> None:
    store = SourceStore()
    sources = [SourceFile(name=f"f{i}.yaml", text=f"a: {i}\n# ünïcode\n" * 50, encoding="utf-16-le", had_bom=True)
               for i in range(SourceStore.RECENT + 3)]
    for source in sources:
        store.add(source)
    assert len(store) == len(sources) and list(store) == [s.name for s in sources]
    for source in sources + sources[:2]:
        assert store[source.name] == SourceFile(name=source.name, text=source.text, encoding="utf-16-le", had_bom=True)
    assert store.get("missing.yaml") is None
