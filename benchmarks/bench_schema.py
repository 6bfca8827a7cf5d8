"""Schema validation throughput: yamlkit vs kubernetes-validate, on the same generated documents.

    python benchmarks/bench_schema.py [--docs 10000] [--kv-sample 500] [--pure]

Generates ``--docs`` manifests (Deployments, Services, ConfigMaps, Pods, Jobs, Ingresses; 5% with
a schema error) into a temporary folder, then measures, in one process:

- yamlkit: read + parse + schema-validate every file (rules Y0 and S, strict, Kubernetes 1.37);
- kubernetes-validate 1.37, strict, in-process, document by document, on the first
  ``--kv-sample`` documents (it reloads its 1.8 MB definitions file for each document, about
  30 ms each; ``--kv-sample 0`` runs all of them).

Prints documents/second for both and the ratio. ``--pure`` disables jsonschema-rs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

KINDS = ("deployment", "service", "configmap", "pod", "job", "ingress")


def manifest(i: int, broken: bool) -> str:
    kind = KINDS[i % len(KINDS)]
    name = f"app-{i}"
    if kind == "deployment":
        replicas = '"3"' if broken else "3"
        return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels: {{app: {name}, tier: web}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  strategy:
    type: RollingUpdate
    rollingUpdate: {{maxSurge: 1, maxUnavailable: "25%"}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: MODE
              value: production
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{cpu: "1", memory: 256Mi}}
          readinessProbe:
            httpGet: {{path: /healthz, port: http}}
            periodSeconds: 5
"""
    if kind == "service":
        port = "eighty" if broken else "80"
        return f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app: {name}}}
  ports:
    - port: {port}
      targetPort: http
      protocol: TCP
"""
    if kind == "configmap":
        return f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
data:
  mode: production
  {"retries: 3" if broken else 'retries: "3"'}
"""
    if kind == "pod":
        field = "imagePullPolcy" if broken else "imagePullPolicy"
        return f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  restartPolicy: Never
  containers:
    - name: main
      image: busybox:1.36
      {field}: IfNotPresent
      command: ["sh", "-c", "echo hello"]
"""
    if kind == "job":
        return f"""apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
  backoffLimit: {"four" if broken else 4}
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: main
          image: perl:5
          command: ["perl", "-e", "print 1"]
"""
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
spec:
  rules:
    - host: {name}.example.com
      http:
        paths:
          - path: /
            {"" if broken else "pathType: Prefix"}
            backend:
              service: {{name: {name}, port: {{number: 80}}}}
"""


def generate(folder: str, count: int, per_file: int = 50) -> list[str]:
    paths = []
    for start in range(0, count, per_file):
        docs = [manifest(i, broken=(i // len(KINDS)) % 20 == 3) for i in range(start, min(count, start + per_file))]
        path = os.path.join(folder, f"batch-{start // per_file:04d}.yaml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("---\n".join(docs))
        paths.append(path)
    return paths


def bench_yamlkit(paths: list[str]) -> tuple[float, float, int, int]:
    from yamlkit.discovery import iter_sources
    from yamlkit.engine import check_sources
    from yamlkit.settings import Settings

    settings = Settings(select=["Y0", "S"], kubernetes_version="1.37")
    start, cpu = time.perf_counter(), time.process_time()
    report = check_sources(iter_sources(paths, settings), settings)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    invalid = len({(f.file, f.document) for f in report.findings if f.code.startswith("S")})
    return elapsed, cpu, report.summary.documents, invalid


def bench_kubernetes_validate(paths: list[str], limit: int) -> tuple[float, float, int, int]:
    import kubernetes_validate
    import yaml

    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            docs.extend(d for d in yaml.safe_load_all(fh) if d)
        if limit and len(docs) >= limit:
            break
    docs = docs[:limit] if limit else docs
    invalid = 0
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, "1.37", strict=True)
        except kubernetes_validate.ValidationError:
            invalid += 1
    return time.perf_counter() - start, time.process_time() - cpu, len(docs), invalid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--kv-sample", type=int, default=500, help="documents for kubernetes-validate (0 = all)")
    parser.add_argument("--pure", action="store_true", help="pure jsonschema (no jsonschema-rs)")
    args = parser.parse_args(argv)
    if args.pure:
        os.environ["YAMLKIT_PURE_JSONSCHEMA"] = "1"
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(folder, args.docs)
        y_time, y_cpu, y_docs, y_bad = bench_yamlkit(paths)
        k_time, k_cpu, k_docs, k_bad = bench_kubernetes_validate(paths, args.kv_sample)
    backend = "pure jsonschema" if args.pure else "jsonschema-rs fast path"
    print(f"yamlkit ({backend}): {y_docs} docs, {y_bad} invalid: wall {y_time:.2f} s = {y_docs / y_time:,.0f} docs/s; "
          f"CPU {y_cpu:.2f} s = {y_docs / y_cpu:,.0f} docs/s")
    print(f"kubernetes-validate: {k_docs} docs, {k_bad} invalid: wall {k_time:.2f} s = {k_docs / k_time:,.0f} docs/s; "
          f"CPU {k_cpu:.2f} s = {k_docs / k_cpu:,.0f} docs/s")
    wall, cpu = (y_docs / y_time) / (k_docs / k_time), (y_docs / y_cpu) / (k_docs / k_cpu)
    print(f"ratio: {wall:.0f}x (wall), {cpu:.0f}x (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
