#!/usr/bin/env python3
"""Generate a deterministic Kubernetes YAML corpus for the benchmarks.

A realistic mix of Deployments (probes, rollingUpdate, resources, env), Pods, Services and
ConfigMaps, written as 1-5 documents per file (or one big multi-document file with ``--single-file``).
About 3% of the documents carry a mistake a user really makes: a wrong type, an unknown field,
``livenessProbe.successThreshold: 5``, a port out of range, a selector that does not match.

    python benchmarks/generate.py --sizes 1k,10k,100k          # -> benchmarks/corpus/<size>/
    python benchmarks/generate.py --sizes 10k --single-file    # -> benchmarks/corpus/10k-single/all.yaml

The output is the same for the same ``--seed``; the corpus directory is gitignored.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus"
FILES_PER_DIR = 1000

APPS = ["web", "api", "worker", "cache", "auth", "billing", "search", "gateway", "frontend", "backend",
        "metrics", "queue", "mailer", "report", "ingest", "scheduler", "catalog", "cart", "checkout", "profile"]
IMAGES = ["nginx:1.27.2", "redis:7.4-alpine", "python:3.12-slim", "node:22-alpine", "golang:1.23",
          "registry.example.com/team/app:v2.3.1", "ghcr.io/acme/service:2024.11.05", "busybox:1.36",
          "postgres:16.4", "httpd:2.4.62"]
NAMESPACES = ["default", "prod", "staging", "team-a", "team-b", "monitoring"]
TIERS = ["frontend", "backend", "data"]

# Mistakes (invalid documents): each is (kind, name); applied by the writer functions below.
MISTAKES = {
    "Deployment": ["replicas-string", "unknown-field", "liveness-success-threshold", "port-out-of-range",
                   "selector-mismatch", "image-number", "env-value-int", "missing-containers-name",
                   "bad-indent-key"],
    "Pod": ["unknown-field", "restart-policy", "port-string", "liveness-success-threshold"],
    "Service": ["port-out-of-range", "type-typo", "target-port-bool"],
    "ConfigMap": ["data-int", "unknown-field"],
}


def parse_size(text: str) -> int:
    text = text.strip().lower()
    if text.endswith("k"):
        return int(float(text[:-1]) * 1000)
    if text.endswith("m"):
        return int(float(text[:-1]) * 1_000_000)
    return int(text)


def size_label(n: int) -> str:
    if n % 1000 == 0 and n >= 1000:
        return f"{n // 1000}k"
    return str(n)


def _labels(app: str, tier: str, indent: str) -> str:
    return f"{indent}app: {app}\n{indent}tier: {tier}\n"


def _probe(r: random.Random, key: str, indent: str, mistake: str | None) -> str:
    kind = r.random()
    out = f"{indent}{key}:\n"
    inner = indent + "  "
    if kind < 0.6:
        out += f"{inner}httpGet:\n{inner}  path: /healthz\n{inner}  port: {r.choice([8080, 80, 'http'])}\n"
    elif kind < 0.85:
        out += f"{inner}tcpSocket:\n{inner}  port: {r.choice([6379, 5432, 8080])}\n"
    else:
        out += f"{inner}exec:\n{inner}  command:\n{inner}  - cat\n{inner}  - /tmp/healthy\n"
    out += f"{inner}initialDelaySeconds: {r.choice([0, 5, 10, 15, 30])}\n"
    out += f"{inner}periodSeconds: {r.choice([5, 10, 20])}\n"
    if key == "livenessProbe":
        threshold = 5 if mistake == "liveness-success-threshold" else 1
        if threshold != 1 or r.random() < 0.3:
            out += f"{inner}successThreshold: {threshold}\n"
    out += f"{inner}failureThreshold: {r.choice([3, 5])}\n"
    return out


def _container(r: random.Random, app: str, indent: str, mistake: str | None, first: bool) -> str:
    """One container as a block-sequence item; ``indent`` is the indentation of the '- '."""
    i = indent + "  "
    name = app if first else f"{app}-sidecar"
    image = "1.25" if (mistake == "image-number" and first) else r.choice(IMAGES)
    if mistake == "missing-containers-name" and first:
        out = f"{indent}- image: {image}\n"
    else:
        out = f"{indent}- name: {name}\n{i}image: {image}\n"
    if r.random() < 0.5:
        out += f"{i}imagePullPolicy: {r.choice(['IfNotPresent', 'Always'])}\n"
    port = 70000 if (mistake == "port-out-of-range" and first) else r.choice([80, 8080, 3000, 9090, 6379])
    if mistake == "port-string" and first:
        out += f"{i}ports:\n{i}- containerPort: \"eighty\"\n"
    else:
        out += f"{i}ports:\n{i}- containerPort: {port}\n{i}  name: http\n{i}  protocol: TCP\n"
    if r.random() < 0.7:
        out += f"{i}env:\n"
        for k in range(r.randint(1, 4)):
            if mistake == "env-value-int" and first and k == 0:
                out += f"{i}- name: WORKERS\n{i}  value: 4\n"
            else:
                out += f"{i}- name: VAR_{k}\n{i}  value: \"{r.choice(['true', 'production', '8080', 'info'])}\"\n"
        if r.random() < 0.3:
            out += (f"{i}- name: POD_NAME\n{i}  valueFrom:\n{i}    fieldRef:\n"
                    f"{i}      fieldPath: metadata.name\n")
    out += (f"{i}resources:\n{i}  requests:\n{i}    cpu: {r.choice(['100m', '250m', '500m'])}\n"
            f"{i}    memory: {r.choice(['64Mi', '128Mi', '256Mi'])}\n{i}  limits:\n"
            f"{i}    cpu: {r.choice(['500m', '1', '2'])}\n{i}    memory: {r.choice(['256Mi', '512Mi', '1Gi'])}\n")
    if first or r.random() < 0.2:
        out += _probe(r, "livenessProbe", i, mistake if first else None)
        if r.random() < 0.8:
            out += _probe(r, "readinessProbe", i, None)
    if r.random() < 0.3:
        out += (f"{i}volumeMounts:\n{i}- name: config\n{i}  mountPath: /etc/{app}\n{i}  readOnly: true\n")
    if r.random() < 0.4:
        out += (f"{i}securityContext:\n{i}  runAsNonRoot: true\n{i}  allowPrivilegeEscalation: false\n"
                f"{i}  readOnlyRootFilesystem: {r.choice(['true', 'false'])}\n")
    return out


def _pod_spec(r: random.Random, app: str, indent: str, mistake: str | None) -> str:
    out = f"{indent}containers:\n"
    for c in range(1 if r.random() < 0.8 else 2):
        out += _container(r, app, indent, mistake, c == 0)
    if mistake == "restart-policy":
        out += f"{indent}restartPolicy: Sometimes\n"
    elif r.random() < 0.3:
        out += f"{indent}restartPolicy: Always\n"
    if r.random() < 0.3:
        out += f"{indent}volumes:\n{indent}- name: config\n{indent}  configMap:\n{indent}    name: {app}-config\n"
    if r.random() < 0.2:
        out += f"{indent}nodeSelector:\n{indent}  kubernetes.io/os: linux\n"
    if mistake == "unknown-field":
        out += f"{indent}restartPolicyy: Always\n"
    return out


def _metadata(r: random.Random, name: str, app: str, tier: str) -> str:
    out = f"metadata:\n  name: {name}\n"
    if r.random() < 0.6:
        out += f"  namespace: {r.choice(NAMESPACES)}\n"
    out += "  labels:\n" + _labels(app, tier, "    ")
    if r.random() < 0.2:
        out += "  annotations:\n    team: platform\n    description: \"generated for the yamlkit benchmark\"\n"
    return out


def deployment(r: random.Random, n: int, mistake: str | None) -> str:
    app, tier = r.choice(APPS), r.choice(TIERS)
    name = f"{app}-{n}"
    replicas = '"three"' if mistake == "replicas-string" else r.choice([1, 2, 3, 5])
    out = "apiVersion: apps/v1\nkind: Deployment\n" + _metadata(r, name, app, tier)
    out += f"spec:\n  replicas: {replicas}\n"
    if mistake == "unknown-field":
        out += "  replica: 2\n"
    sel_app = app + "-other" if mistake == "selector-mismatch" else app
    out += f"  selector:\n    matchLabels:\n      app: {sel_app}\n"
    if r.random() < 0.7:
        out += (f"  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n"
                f"      maxSurge: {r.choice([1, '25%'])}\n      maxUnavailable: {r.choice([0, 1, '25%'])}\n")
    if r.random() < 0.3:
        out += f"  revisionHistoryLimit: {r.choice([3, 5, 10])}\n  minReadySeconds: {r.choice([0, 5, 10])}\n"
    out += "  template:\n    metadata:\n      labels:\n" + _labels(app, tier, "        ")
    out += "    spec:\n"
    if mistake == "bad-indent-key":
        out += "      terminationGracePeriodSeconds: thirty\n"
    out += _pod_spec(r, app, "      ", mistake)
    return out


def pod(r: random.Random, n: int, mistake: str | None) -> str:
    app, tier = r.choice(APPS), r.choice(TIERS)
    out = "apiVersion: v1\nkind: Pod\n" + _metadata(r, f"{app}-pod-{n}", app, tier)
    out += "spec:\n" + _pod_spec(r, app, "  ", mistake)
    return out


def service(r: random.Random, n: int, mistake: str | None) -> str:
    app, tier = r.choice(APPS), r.choice(TIERS)
    stype = "Nodeport" if mistake == "type-typo" else r.choice(["ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"])
    out = "apiVersion: v1\nkind: Service\n" + _metadata(r, f"{app}-svc-{n}", app, tier)
    out += f"spec:\n  type: {stype}\n  selector:\n    app: {app}\n  ports:\n"
    port = 70000 if mistake == "port-out-of-range" else r.choice([80, 443, 8080])
    target = "true" if mistake == "target-port-bool" else r.choice([8080, "http", 80])
    out += f"  - name: http\n    port: {port}\n    targetPort: {target}\n    protocol: TCP\n"
    if stype == "NodePort" and r.random() < 0.5:
        out += f"    nodePort: {r.randint(30000, 32767)}\n"
    return out


def configmap(r: random.Random, n: int, mistake: str | None) -> str:
    app, tier = r.choice(APPS), r.choice(TIERS)
    out = "apiVersion: v1\nkind: ConfigMap\n" + _metadata(r, f"{app}-config-{n}", app, tier)
    if mistake == "unknown-field":
        out += "spec:\n  foo: bar\n"
    out += "data:\n"
    if mistake == "data-int":
        out += "  workers: 4\n"
    out += f"  LOG_LEVEL: {r.choice(['info', 'debug', 'warn'])}\n  FEATURE_X: \"true\"\n"
    if r.random() < 0.5:
        out += (f"  {app}.conf: |\n    server {{\n      listen 80;\n      server_name {app}.example.com;\n"
                f"      location / {{\n        proxy_pass http://{app}:8080;\n      }}\n    }}\n")
    return out


WRITERS = {"Deployment": deployment, "Pod": pod, "Service": service, "ConfigMap": configmap}
# The mix: Deployments dominate real repositories, then Services and ConfigMaps.
KIND_WEIGHTS = (("Deployment", 0.40), ("Service", 0.30), ("ConfigMap", 0.18), ("Pod", 0.12))


def documents(count: int, seed: int, invalid_rate: float):
    """Yield (kind, mistake or None, text) for ``count`` documents, deterministically."""
    r = random.Random(seed)
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    for n in range(count):
        kind = r.choices(kinds, weights)[0]
        mistake = r.choice(MISTAKES[kind]) if r.random() < invalid_rate else None
        yield kind, mistake, WRITERS[kind](r, n, mistake)


def generate(count: int, out_dir: Path, *, seed: int = 9, invalid_rate: float = 0.03, single_file: bool = False,
             min_per_file: int = 1, max_per_file: int = 5) -> dict:
    """Write ``count`` documents under ``out_dir`` (replaced); return the index written to index.json."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    r = random.Random(seed + 1)
    stats = {"documents": count, "files": 0, "invalid": 0, "bytes": 0, "seed": seed,
             "kinds": {}, "mistakes": {}}
    docs = documents(count, seed, invalid_rate)

    def note(kind: str, mistake: str | None) -> None:
        stats["kinds"][kind] = stats["kinds"].get(kind, 0) + 1
        if mistake:
            stats["invalid"] += 1
            stats["mistakes"][f"{kind}/{mistake}"] = stats["mistakes"].get(f"{kind}/{mistake}", 0) + 1

    if single_file:
        path = out_dir / "all.yaml"
        with open(path, "w", encoding="utf-8") as handle:
            for i, (kind, mistake, text) in enumerate(docs):
                note(kind, mistake)
                handle.write(("---\n" if i else "") + text)
        stats["files"] = 1
        stats["bytes"] = path.stat().st_size
    else:
        remaining = count
        file_no = 0
        while remaining > 0:
            take = min(remaining, r.randint(min_per_file, max_per_file))
            sub = out_dir / f"d{file_no // FILES_PER_DIR:03d}"
            if file_no % FILES_PER_DIR == 0:
                sub.mkdir(exist_ok=True)
            parts = []
            for _ in range(take):
                kind, mistake, text = next(docs)
                note(kind, mistake)
                parts.append(text)
            body = "---\n".join(parts)
            path = sub / f"m{file_no:06d}.yaml"
            path.write_text(body, encoding="utf-8")
            stats["bytes"] += len(body.encode())
            remaining -= take
            file_no += 1
        stats["files"] = file_no
    (out_dir / "index.json").write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n")
    return stats


def deployments_only(count: int, out_dir: Path, seed: int = 9) -> dict:
    """``count`` single-document Deployment files (for check-jsonschema, which takes one schema)."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    r = random.Random(seed)
    for n in range(count):
        mistake = r.choice(MISTAKES["Deployment"]) if r.random() < 0.03 else None
        (out_dir / f"deploy{n:06d}.yaml").write_text(deployment(r, n, mistake), encoding="utf-8")
    stats = {"documents": count, "files": count, "kinds": {"Deployment": count}}
    (out_dir / "index.json").write_text(json.dumps(stats, indent=1) + "\n")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="comma-separated document counts (1k, 10k, 100k, 250...)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output root (default: benchmarks/corpus)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--invalid-rate", type=float, default=0.03, help="share of documents with a mistake")
    parser.add_argument("--single-file", action="store_true", help="one big multi-document file per size (<size>-single/)")
    parser.add_argument("--max-per-file", type=int, default=5)
    parser.add_argument("--force", action="store_true", help="regenerate even if index.json matches")
    args = parser.parse_args(argv)
    root = Path(args.out)
    for raw in args.sizes.split(","):
        if not raw.strip():
            continue
        count = parse_size(raw)
        label = size_label(count) + ("-single" if args.single_file else "")
        target = root / label
        index = target / "index.json"
        if not args.force and index.exists():
            old = json.loads(index.read_text())
            if old.get("documents") == count and old.get("seed") == args.seed:
                print(f"{target}: up to date ({count} documents)")
                continue
        stats = generate(count, target, seed=args.seed, invalid_rate=args.invalid_rate,
                         single_file=args.single_file, max_per_file=args.max_per_file)
        print(f"{target}: {stats['documents']} documents in {stats['files']} files, "
              f"{stats['bytes'] / 1e6:.1f} MB, {stats['invalid']} invalid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
