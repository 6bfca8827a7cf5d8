"""Per-resource verdicts of yamlkit vs kubeconform v0.7.0 -strict on ../shared/corpus/realworld.

kubeconform's verdicts (Kubernetes 1.37.0 schemas) are in ``corpus/kubeconform-verdicts.json``.
Verdicts: ``valid``; ``invalid`` (S001-S004, S008); ``error`` (no schema or not an object:
S005-S007, or YAML that does not parse). Every difference must be in ``ALLOWED`` with its reason.

Run as a script for the full table: ``python tests/schema/test_kubeconform_parity.py``.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path


INVALID = {"S001", "S002", "S003", "S004", "S008"}
ERROR = {"S005", "S006", "S007"}
_KC = {"statusValid": "valid", "statusInvalid": "invalid", "statusError": "error"}

_TEMPLATE = ("a Go-template placeholder such as `{{config_data}}` is a flow mapping used as a mapping key or "
             "value: kubeconform cannot convert the file to JSON and reports an error for the whole file; yamlkit "
             "parses it and reports the schema error at the exact value (expected string/integer, got mapping)")
# file (under realworld/) -> (yamlkit's verdicts for every resource of the file, reason). Whole-file differences.
ALLOWED_FILES: dict[str, tuple[list[str], str]] = {
    "kubernetes__examples/_archived/newrelic/newrelic-config-template.yaml": (["invalid"], _TEMPLATE),
    "kubernetes__examples/_archived/newrelic-infrastructure/newrelic-config-template.yaml": (["invalid"], _TEMPLATE),
    "kubernetes__examples/_archived/storage/vitess/etcd-controller-template.yaml": (["invalid"], _TEMPLATE),
    "kubernetes__examples/_archived/storage/vitess/etcd-service-template.yaml": (["invalid"], _TEMPLATE),
    "kubernetes__examples/_archived/storage/vitess/vtgate-controller-template.yaml": (["invalid"], _TEMPLATE),
    "stackrox__kube-linter/pkg/templates/sortedkeys/testdata/container-with-merge.yaml": (
        ["invalid"], "a merge key `<<:` whose alias is not a mapping: kubeconform's YAML library rejects the file; "
        "yamlkit's builder skips the bad merge and reports the Deployment's real schema error (no spec.selector)"),
    "kubernetes__website/content/en/examples/validatingadmissionpolicy/failure-policy-ignore.yaml": (
        ["error"], "the docs snippet uses `...` (YAML's document-end marker) as an ellipsis inside the manifest: "
        "yamlkit reports the syntax error (Y004, a bare document after `...` needs `---`); kubeconform's go-yaml "
        "reads the first document only and validates a policy whose spec is null"),
}
CRD_REASON = ("kubeconform has no schema for a custom resource (statusError) while yamlkit validates it against "
              "the CustomResourceDefinition found among the inputs (prometheus-operator's example CRDs, the "
              "TrainingJob CRD in test_crd.yaml)")


def yamlkit_verdicts(corpus: Path) -> dict[tuple[str, str, str, str], list[str]]:
    """(file, kind, name, apiVersion) -> sorted verdicts (one per resource)."""
    from yamlkit.discovery import iter_sources
    from yamlkit.engine import Engine, FileResult, resources_of
    from yamlkit.parse import parse
    from yamlkit.settings import Settings

    settings = Settings(select=["Y0", "S"], kubernetes_version="1.37")
    engine = Engine(settings)
    results, resources = [], []
    files = sorted(str(p) for p in (corpus / "realworld").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    for source in iter_sources(files, settings):
        if isinstance(source, FileResult):
            results.append((source, []))
            continue
        result = engine.check_source(source, keep_resources=True)  # keeps what the RUN rules need
        every = [r for doc in parse(source).documents if not doc.is_empty for r in resources_of(doc)]
        results.append((result, every))
        resources.extend(result.resources)
    run = engine.run_rules_over(resources)
    out: dict[tuple[str, str, str, str], list[str]] = collections.defaultdict(list)
    for result, file_resources in results:
        findings = result.findings + [f for f in run if f.file == result.file]
        rel = str(Path(result.file).relative_to(corpus))
        broken = any(f.code.startswith("Y0") and f.severity.value == "error" for f in findings)
        for finding in findings:  # documents that are not objects at all (no apiVersion, no kind)
            if finding.code == "S005" and not any(r.document.index == finding.document for r in file_resources):
                out[(rel, "", "", "")].append("error")
        for resource in file_resources:
            prefix = "" if not resource.prefix else f"items[{resource.prefix[1]}]"
            mine = [f for f in findings if f.document == resource.document.index and f.resource in (resource.ref, None)
                    and (f.path or "").startswith(prefix)]
            codes = {f.code for f in mine if f.severity.value == "error" or f.code == "S007"}
            verdict = "invalid" if codes & INVALID else "error" if codes & ERROR else "valid"
            if broken:
                verdict = "error"
            generated = resource.metadata.get("generateName")
            name = resource.name or (f"{generated}{{{{ generateName }}}}" if generated else "")
            out[(rel, resource.kind, name, resource.api_version)].append(verdict)
    return {k: sorted(v) for k, v in out.items()}


def kubeconform_verdicts(corpus: Path) -> dict[tuple[str, str, str, str], list[str]]:
    data = json.loads((corpus / "kubeconform-verdicts.json").read_text())
    out: dict[tuple[str, str, str, str], list[str]] = collections.defaultdict(list)
    for row in data["resources"]:
        if row["status"] in _KC:
            out[(row["filename"], row["kind"], row["name"], row["version"])].append(_KC[row["status"]])
    return {k: sorted(v) for k, v in out.items()}


def crd_kinds(corpus: Path) -> set[tuple[str, str]]:
    """(apiVersion, kind) defined by a CRD somewhere in the corpus."""
    import yamlkit
    from yamlkit.schema import crds

    found = set()
    for path in sorted((corpus / "realworld").rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and b"CustomResourceDefinition" in path.read_bytes():
            for data in yamlkit.load(path.read_text(encoding="utf-8")):
                if crds.is_crd(data):
                    found.update((v.api_version, v.kind) for v in crds.versions_of(data) if v.schema)
    return found


def differences(corpus: Path) -> tuple[list[str], list[str]]:
    """(unexplained differences, explained ones with their reason)."""
    ours, theirs = yamlkit_verdicts(corpus), kubeconform_verdicts(corpus)
    defined = crd_kinds(corpus)
    unexplained, explained = [], []
    per_file: dict[str, list[str]] = collections.defaultdict(list)
    for (file, _kind, _name, _api), verdicts in ours.items():
        per_file[file].extend(verdicts)
    for file, (expected, reason) in ALLOWED_FILES.items():
        got = sorted(per_file.get("realworld/" + file, []))
        (explained if got == sorted(expected) else unexplained).append(f"{file}: yamlkit {got} ({reason})")
    for key in sorted(set(ours) | set(theirs)):
        file, kind, name, api = key
        mine, other = ours.get(key, []), theirs.get(key, [])
        if mine == other or file.split("/", 1)[1] in ALLOWED_FILES:
            continue
        line = f"{file} {api} {kind}/{name}: kubeconform {other}, yamlkit {mine}"
        if (api, kind) in defined and set(other) == {"error"} and len(mine) == len(other) and "error" not in mine:
            explained.append(f"{line} ({CRD_REASON})")
        else:
            unexplained.append(line)
    return unexplained, explained


def _api_path(pointer: str) -> str:
    out = ""
    for part in (p for p in pointer.split("/") if p):
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


_AT = re.compile(r"at '([^']*)': (missing propert(?:y|ies) ([^-]*)|additional properties ([^-]*) not allowed|[^-]*)")


def kubeconform_error_paths(corpus: Path) -> dict[str, set[str]]:
    """file -> the API paths kubeconform's messages name (missing and unknown fields included)."""
    data = json.loads((corpus / "kubeconform-verdicts.json").read_text())
    out: dict[str, set[str]] = collections.defaultdict(set)
    for row in data["resources"]:
        if row["status"] != "statusInvalid":
            continue
        for match in _AT.finditer(row["msg"]):
            base = _api_path(match[1])
            names = match[3] or match[4]
            if names:
                out[row["filename"]].update(f"{base}.{n}" if base else n for n in re.findall(r"'([^']+)'", names))
            elif "validation failed" not in match[2]:
                out[row["filename"]].add(base)
    return out


def yamlkit_error_paths(corpus: Path) -> dict[str, set[str]]:
    from yamlkit.discovery import iter_sources
    from yamlkit.engine import check_sources
    from yamlkit.settings import Settings

    settings = Settings(select=["S"], kubernetes_version="1.37")
    files = sorted(str(p) for p in (corpus / "realworld").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    out: dict[str, set[str]] = collections.defaultdict(set)
    for f in check_sources(iter_sources(files, settings), settings).findings:
        if f.code in INVALID and f.path:
            out[str(Path(f.file).relative_to(corpus))].add(re.sub(r"^items\[\d+\]\.", "", f.path))
    return out


def test_every_kubeconform_error_path_is_reported(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    theirs, ours = kubeconform_error_paths(corpus), yamlkit_error_paths(corpus)
    assert len(theirs) > 70
    missed = {file: sorted(paths - ours.get(file, set()))
              for file, paths in theirs.items() if paths - ours.get(file, set())}
    assert not missed


def test_same_verdicts_as_kubeconform(shared_dir: Path) -> None:
    unexplained, explained = differences(shared_dir / "corpus")
    assert not unexplained, "\n".join(unexplained)
    assert len(explained) <= 60  # the allow-list must not silently grow


if __name__ == "__main__":
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "corpus")
    ours, theirs = yamlkit_verdicts(corpus), kubeconform_verdicts(corpus)
    print("yamlkit:", dict(collections.Counter(v for vs in ours.values() for v in vs)))
    print("kubeconform:", dict(collections.Counter(v for vs in theirs.values() for v in vs)))
    unexplained, explained = differences(corpus)
    print(f"{len(unexplained)} unexplained differences")
    print("\n".join(unexplained))
    print(f"{len(explained)} explained differences")
    print("\n".join(explained))
