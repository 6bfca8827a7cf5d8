"""K421: secrets written in plain sight."""

from __future__ import annotations

import functools
import re
from typing import Iterator

from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import WORKLOAD_KINDS, containers

#: Name components that mean "this is a secret".
SECRET_WORDS = frozenset({
    "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIAL",
    "CREDENTIALS", "PRIVATEKEY",
})
#: ``KEY`` is a secret only after one of these (API_KEY, ACCESS_KEY, ...): CACHE_KEY is not.
KEY_QUALIFIERS = frozenset({
    "API", "ACCESS", "SECRET", "PRIVATE", "ENCRYPTION", "SIGNING", "MASTER", "AUTH", "CLIENT",
    "LICENSE", "SERVICE", "ACCOUNT", "SESSION", "HMAC", "JWT",
})
#: A last component that makes the value a reference to a secret, not the secret.
REFERENCE_WORDS = frozenset({
    "PATH", "FILE", "DIR", "URL", "URI", "NAME", "ENDPOINT", "HOST", "PORT", "ID", "TYPE",
    "LENGTH", "TTL", "EXPIRY", "EXPIRATION", "REF", "KIND", "MODE", "ENABLED", "REQUIRED",
    "FIELD", "HEADER", "ALGORITHM", "TIMEOUT", "SIZE", "LOCATION", "ISSUER", "AUDIENCE",
    "NAMESPACE", "USER", "USERNAME", "LOGIN", "POLICY", "PREFIX", "FORMAT",
})
#: A component that makes the variable a switch about a secret, not the secret
#: (MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD).
FLAG_WORDS = frozenset({
    "ALLOW", "EMPTY", "RANDOM", "ENABLE", "ENABLED", "DISABLE", "DISABLED", "REQUIRE", "SKIP",
    "GENERATE", "USE", "NO",
})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def words(name: str) -> list[str]:
    """``DB_PASSWORD`` / ``db-password`` / ``dbPassword`` -> ['DB', 'PASSWORD']."""
    return [w for w in re.split(r"[_\-.]+", _CAMEL.sub("_", name).upper()) if w]


@functools.lru_cache(maxsize=4096)  # env names repeat across manifests
def looks_secret(name: str) -> bool:
    """Is an environment variable with this name likely to hold a secret?

    A name component must be a secret word (PASSWORD, TOKEN, SECRET, API_KEY, ...), ``KEY``
    counts only after a qualifier (API, ACCESS, PRIVATE, ...), and a name that ends in a
    reference word (``_PATH``, ``_FILE``, ``_URL``, ``_NAME``, ``_ID``, ...) holds where the
    secret is, not the secret: ``KEYCLOAK_URL``, ``PUBLIC_KEY_PATH``, ``SECRET_NAME`` and
    ``AWS_ACCESS_KEY_ID`` are not flagged; nor are switches (``MYSQL_ALLOW_EMPTY_PASSWORD``).
    """
    parts = words(name)
    if not parts or parts[-1] in REFERENCE_WORDS or FLAG_WORDS.intersection(parts):
        return False
    for index, part in enumerate(parts):
        if part in SECRET_WORDS:
            return True
        if part == "KEY" and index > 0 and parts[index - 1] in KEY_QUALIFIERS:
            return True
    return False


def _placeholder(value: str) -> bool:
    text = value.strip()
    return (not text or text.startswith("$(") or text.startswith("${") or "{{" in text
            or text.lower() in {"changeme", "change-me", "<password>", "none", "null", "false", "true", "yes",
                                "no", "on", "off", "0", "1"})


@rule("K421", "secret-in-env-value", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"value"})
def secret_in_env_value(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Secret written as a literal environment variable value.

    ## What it does
    Flags an `env` entry of a container or init container whose name looks like a secret and
    whose value is written in the manifest (`value:`) instead of read from a Secret
    (`valueFrom.secretKeyRef`). A name looks like a secret when one of its components (split on
    `_`, `-`, `.` and camelCase) is PASSWORD, PASSWD, PASS, PWD, SECRET, TOKEN, APIKEY,
    CREDENTIAL(S) or PRIVATEKEY, or is KEY right after API, ACCESS, SECRET, PRIVATE, ENCRYPTION,
    SIGNING, MASTER, AUTH, CLIENT (and a few more). Names ending in a reference word such as
    `_PATH`, `_FILE`, `_URL`, `_NAME`, `_ID`, `_USER` are not flagged (`PUBLIC_KEY_PATH`,
    `SECRET_NAME`, `AWS_ACCESS_KEY_ID`), nor is `KEYCLOAK_URL` (KEYCLOAK is not KEY), nor a
    switch about a secret (`MYSQL_ALLOW_EMPTY_PASSWORD`, `MYSQL_RANDOM_ROOT_PASSWORD`: a component
    ALLOW, EMPTY, RANDOM, ENABLE, DISABLE, REQUIRE, SKIP, GENERATE, USE or NO). Empty values,
    boolean-like values (`"1"`, `yes`, `false`) and `$(VAR)` references are skipped.

    ## Why is this bad?
    The manifest lives in Git, in CI logs and in `kubectl get -o yaml` output for anyone who can
    read the Deployment: the secret is no longer secret, and rotating it means a code change.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: example/web:1.0
          env:
            - name: DB_PASSWORD
              value: hunter2
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: example/web:1.0
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: web-db, key: password}
    ```

    Remediation: store the value in a Secret and read it with valueFrom.secretKeyRef.
    """
    for c in containers(resource):
        env = c.data.get("env")
        if not isinstance(env, list):
            continue
        for index, item in enumerate(env):
            if not isinstance(item, dict):
                continue
            name, value = item.get("name"), item.get("value")
            if not isinstance(name, str) or not isinstance(value, (str, int, float)) or isinstance(value, bool):
                continue
            # the cached name test first: most variables are no secret
            if looks_secret(name) and not (isinstance(value, str) and _placeholder(value)):
                yield Violation(
                    f"{c.label}: environment variable {name} looks like a secret but its value is "
                    "written in the manifest",
                    hint=f"put it in a Secret and use `valueFrom: {{secretKeyRef: {{name: ..., key: ...}}}}` for {name}",
                    path=c.path + ("env", index, "value"),
                )
