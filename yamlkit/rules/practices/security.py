"""K201-K210: security contexts, host namespaces, host paths and capabilities."""

from __future__ import annotations

from dataclasses import field
from typing import Iterator

from ..._record import record
from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import CONTAINER_FIELDS, WORKLOAD_KINDS, as_int, containers, pod_spec


@rule("K201", "privileged-container", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"privileged"})
def privileged_container(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container runs privileged.

    ## What it does
    Flags a container or init container with `securityContext.privileged: true`.

    ## Why is this bad?
    A privileged container has every capability and every device of the host: it is root on the
    node. A bug or a compromised dependency in it takes over the node and every Pod on it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
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
          image: nginx:1.27
          securityContext:
            privileged: false
            capabilities:
              add: [NET_BIND_SERVICE]
    ```

    Remediation: remove privileged: true and add only the capabilities the container needs.
    """
    for c in containers(resource):
        if c.security_context.get("privileged") is True:
            yield Violation(
                f"{c.label} runs privileged: it has full access to the node",
                hint="remove `privileged: true`; add only the capabilities it needs under "
                "securityContext.capabilities.add",
                path=c.path + ("securityContext", "privileged"),
            )


def _cap(name: str) -> str:
    name = name.upper()
    return name[4:] if name.startswith("CAP_") else name


@rule("K202", "privilege-escalation-allowed", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"allowPrivilegeEscalation"})
def privilege_escalation_allowed(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container explicitly allows privilege escalation.

    ## What it does
    Flags a container or init container with `allowPrivilegeEscalation: true`. A container left
    at the default is reported by `privilege-escalation-not-disabled` (K203, strict only).

    ## Why is this bad?
    With escalation allowed a process can gain more privileges than its parent, through setuid
    binaries such as `sudo` or file capabilities: a foothold in the container becomes root in it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: true
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
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
    ```

    Remediation: set securityContext.allowPrivilegeEscalation: false.
    """
    for c in containers(resource):
        if c.security_context.get("allowPrivilegeEscalation") is True:
            yield Violation(
                f"{c.label} sets allowPrivilegeEscalation: true; its processes can gain more "
                "privileges than their parent (setuid binaries)",
                hint="set allowPrivilegeEscalation: false",
                path=c.path + ("securityContext", "allowPrivilegeEscalation"),
            )


@rule("K203", "privilege-escalation-not-disabled", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, default=False, category="practices", when_keys=CONTAINER_FIELDS)
def privilege_escalation_not_disabled(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container does not disable privilege escalation.

    ## What it does
    Flags a container or init container whose `securityContext.allowPrivilegeEscalation` is not
    `false` (absent counts: the default is to allow it). Explicit `true` is K202. Off by default
    (strict preset): almost every manifest leaves the field unset, and the Pod Security
    "restricted" standard is where it is required.

    ## Why is this bad?
    See K202: unless it is switched off, setuid binaries in the image can make a process root.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
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
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
    ```

    Remediation: set securityContext.allowPrivilegeEscalation: false on every container.
    """
    for c in containers(resource):
        value = c.security_context.get("allowPrivilegeEscalation")
        if value is False or value is True:  # True is K202's
            continue
        path, at = (c.path + ("securityContext",), "key") if "securityContext" in c.data else (c.path, "value")
        yield Violation(
            f"{c.label} does not set allowPrivilegeEscalation: false",
            hint="add securityContext.allowPrivilegeEscalation: false",
            path=path,
            at=at,
        )


@rule("K204", "run-as-root", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, default=False, category="practices", when_keys=CONTAINER_FIELDS)
def run_as_root(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container may run as root.

    ## What it does
    Flags a container or init container that is not guaranteed to run as a non-root user: neither
    `runAsNonRoot: true` nor a non-zero `runAsUser`, looking at the container's securityContext
    first and the pod's second (the container's value wins), or that sets `runAsUser: 0`. Off
    by default (strict preset): most public images run as root and many manifests rely on it.

    ## Why is this bad?
    Root in a container is root on the node as far as the kernel is concerned: a container escape
    or a writable host mount gives full control of the node.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: web
          image: nginx:1.27
    ```

    Remediation: set runAsNonRoot: true (and a non-zero runAsUser) in the pod or container securityContext.
    """
    for c in containers(resource):
        non_root, _ = c.effective("runAsNonRoot")
        user, user_path = c.effective("runAsUser")
        uid = as_int(user)
        if uid == 0 and user_path is not None:
            yield Violation(
                f"{c.label} runs as root (runAsUser: 0)",
                hint="run as a non-zero user id and set runAsNonRoot: true",
                path=user_path,
            )
        elif non_root is not True and not (uid is not None and uid > 0):
            path, at = (c.path + ("securityContext",), "key") if "securityContext" in c.data else (c.path, "value")
            yield Violation(
                f"{c.label} may run as root: neither runAsNonRoot: true nor a non-zero runAsUser "
                "is set in its or the pod's securityContext",
                hint="set securityContext.runAsNonRoot: true and runAsUser to a non-zero id",
                path=path,
                at=at,
            )


@rule("K205", "writable-root-filesystem", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, default=False, category="practices", when_keys=CONTAINER_FIELDS)
def writable_root_filesystem(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container root filesystem is writable.

    ## What it does
    Flags a container or init container without `securityContext.readOnlyRootFilesystem: true`.
    Off by default (strict preset): many applications write to their filesystem and need
    `emptyDir` volumes first.

    ## Why is this bad?
    An attacker who gets code execution can change binaries and configuration in the container
    and persist there; a read-only root filesystem with explicit writable volumes prevents it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
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
          image: nginx:1.27
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: tmp
          emptyDir: {}
    ```

    Remediation: set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the application writes.
    """
    for c in containers(resource):
        value = c.security_context.get("readOnlyRootFilesystem")
        if value is True:
            continue
        if "readOnlyRootFilesystem" in c.security_context:
            path, at = c.path + ("securityContext", "readOnlyRootFilesystem"), "value"
        elif "securityContext" in c.data:
            path, at = c.path + ("securityContext",), "key"
        else:
            path, at = c.path, "value"
        yield Violation(
            f"{c.label} has a writable root filesystem",
            hint="set securityContext.readOnlyRootFilesystem: true; mount emptyDir where it writes",
            path=path,
            at=at,
        )


def _host_namespace(resource: Resource, key: str, what: str, hint: str) -> Iterator[Violation]:
    pod = pod_spec(resource)
    if pod is not None and pod.spec.get(key) is True:
        yield Violation(f"the pod sets {key}: true: {what}", hint=hint, path=pod.path + (key,))


_HOST_DOC = """Pod shares the host's {ns} namespace.

    ## What it does
    Flags a pod (or pod template) with `{key}: true`.

    ## Why is this bad?
    {why}

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
    spec:
      {key}: true
      containers:
        - name: agent
          image: example/agent:1.0
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
    spec:
      containers:
        - name: agent
          image: example/agent:1.0
    ```

    Remediation: remove {key}: true{extra}.
    """


def _doc(**kw: str):
    def wrap(fn):
        fn.__doc__ = _HOST_DOC.format(**kw)
        return fn
    return wrap


@rule("K206", "host-network", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"hostNetwork"})
@_doc(ns="network", key="hostNetwork",
      why="The Pod sees every network interface of the node, can sniff its traffic and reach "
      "services bound to localhost, and its ports collide with the node's and other host-network Pods'.",
      extra="; expose ports through a Service (or a hostPort if you must)")
def host_network(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    yield from _host_namespace(resource, "hostNetwork", "it uses the node's network stack",
                               "remove hostNetwork unless this is a node agent or CNI plugin; "
                               "use a Service or a hostPort")


@rule("K207", "host-pid", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"hostPID"})
@_doc(ns="process ID", key="hostPID",
      why="The Pod sees every process of the node, including other Pods' processes and their "
      "environment variables, and with enough privilege can signal or trace them.",
      extra="")
def host_pid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    yield from _host_namespace(resource, "hostPID", "it sees every process on the node",
                               "remove hostPID unless this is a node debugging agent")


@rule("K208", "host-ipc", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"hostIPC"})
@_doc(ns="IPC", key="hostIPC",
      why="The Pod can read and write the shared memory and message queues of every process on "
      "the node.",
      extra="")
def host_ipc(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    yield from _host_namespace(resource, "hostIPC", "it shares the node's shared memory and IPC",
                               "remove hostIPC")


#: Host paths that give control of the node (exact match after removing trailing slashes).
SENSITIVE_HOST_PATHS = frozenset({
    "/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/usr", "/lib", "/bin", "/sbin",
    "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/etc/kubernetes",
    "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/run/crio/crio.sock",
    "/var/run", "/run",
})


@rule("K209", "sensitive-host-path", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"hostPath"})
def sensitive_host_path(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Pod mounts a sensitive host path.

    ## What it does
    Flags a `hostPath` volume whose path is one of the node's sensitive directories or sockets:
    `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/usr`, `/lib`, `/bin`, `/sbin`,
    `/var/run`, `/run`, `/var/lib/kubelet`, `/var/lib/docker`, `/var/lib/containerd`,
    `/etc/kubernetes`, and the container runtime sockets (`/var/run/docker.sock`,
    containerd's and CRI-O's). Only those exact paths are flagged (a trailing `/` is ignored),
    not their subdirectories such as `/etc/ssl/certs`.

    ## Why is this bad?
    The runtime socket lets the Pod start privileged containers on the node; `/etc`, `/root` or
    `/` let it rewrite the node's configuration and credentials; `/var/lib/kubelet` holds every
    Pod's secrets. Any of them is a path from the Pod to the node.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: builder
    spec:
      containers:
        - name: builder
          image: docker:27
          volumeMounts:
            - {name: docker, mountPath: /var/run/docker.sock}
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: builder
    spec:
      containers:
        - name: builder
          image: gcr.io/kaniko-project/executor:v1.23.2
          volumeMounts:
            - {name: workspace, mountPath: /workspace}
      volumes:
        - name: workspace
          emptyDir: {}
    ```

    Remediation: do not mount host system paths or runtime sockets; use emptyDir, a ConfigMap, or a PersistentVolumeClaim.
    """
    pod = pod_spec(resource)
    if pod is None or not isinstance(pod.spec.get("volumes"), list):
        return
    for index, volume in enumerate(pod.spec["volumes"]):
        host = volume.get("hostPath") if isinstance(volume, dict) else None
        path = host.get("path") if isinstance(host, dict) else None
        if not isinstance(path, str):
            continue
        normal = "/" + path.strip().strip("/") if path.strip() not in ("", "/") else path.strip()
        while "//" in normal:
            normal = normal.replace("//", "/")
        if normal in SENSITIVE_HOST_PATHS:
            name = volume.get("name") if isinstance(volume.get("name"), str) else "?"
            yield Violation(
                f'volume "{name}" mounts the host path {path}, which gives the Pod control over the node',
                hint="use emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of this hostPath",
                path=pod.path + ("volumes", index, "hostPath", "path"),
            )


@record
class CapabilityOptions:
    #: Capabilities that must not be added (without the CAP_ prefix). ALL always counts.
    forbidden: list[str] = field(default_factory=lambda: ["SYS_ADMIN", "NET_RAW", "SYS_MODULE", "ALL"])


@rule("K210", "dangerous-capabilities", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, options=CapabilityOptions, category="practices", when_keys={"add"})
def dangerous_capabilities(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Container adds a dangerous Linux capability.

    ## What it does
    Flags a container or init container whose `securityContext.capabilities.add` contains
    `ALL`, `SYS_ADMIN`, `NET_RAW` or `SYS_MODULE` (with or without the `CAP_` prefix, any case).

    ## Why is this bad?
    `SYS_ADMIN` is nearly root (mount, namespaces, BPF); `SYS_MODULE` loads kernel modules;
    `NET_RAW` allows packet spoofing and ARP/DNS poisoning of other Pods; `ALL` is all of them.

    ## Options
    - `forbidden` (list of capability names, default `[SYS_ADMIN, NET_RAW, SYS_MODULE, ALL]`)

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            capabilities:
              add: [SYS_ADMIN]
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
          image: nginx:1.27
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
    ```

    Remediation: drop ALL capabilities and add back only the specific, harmless ones the container needs.
    """
    options = ctx.options or CapabilityOptions()
    forbidden = {_cap(c) for c in options.forbidden} | {"ALL"}
    for c in containers(resource):
        caps = c.security_context.get("capabilities")
        add = caps.get("add") if isinstance(caps, dict) else None
        if not isinstance(add, list):
            continue
        for index, cap in enumerate(add):
            if isinstance(cap, str) and _cap(cap) in forbidden:
                yield Violation(
                    f"{c.label} adds the capability {cap}",
                    hint="remove it from capabilities.add; drop ALL and add back only what is needed",
                    path=c.path + ("securityContext", "capabilities", "add", index),
                )
