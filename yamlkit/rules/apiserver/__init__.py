"""A0xx-A3xx: what the Kubernetes API server rejects, checked offline.

Implements docs/apiserver-rules.md (the team's spec, read from Kubernetes' validation code) for
Pod, Deployment and Service, and the same pod-spec rules inside every workload template
(ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob, PodTemplate).

| codes | module | topic |
|---|---|---|
| A001-A010 | :mod:`.metadata` | names, namespace, labels, annotations, finalizers, owner references |
| A101-A149 | :mod:`.podspec` | containers, ports, env, volumes, resources, pod-level fields |
| A160-A162 | :mod:`.podspec` | API server warnings (warnings.go), severity warning |
| A201-A210 | :mod:`.probes` | probes and lifecycle hooks |
| A220-A234 | :mod:`.deployment` | Deployment and controller templates |
| A301-A329 | :mod:`.service` | Service |

The pipeline matters: the server DEFAULTS the object before validating it, so zero values that
defaulting replaces are valid (liveness `successThreshold: 0`, Service `targetPort: 0`), and
derived values are checked (`minReadySeconds: 700` fails against the defaulted
`progressDeadlineSeconds: 600`). Rows that defaulting makes unreachable from v1 are not reported:
PROBE-HTTP-PATH, SVC-AFFINITY-NONE-CONFIG, the `Required value` branches of defaulted enums, and
"must specify a volume type". SVC-NODEPORT-ALLOCATED needs a cluster and is not checked.

Precision first: a value of the wrong JSON type is the schema validator's business and is
skipped silently; when the spec leaves doubt, the rule stays quiet.
"""

from . import deployment, metadata, podspec, probes, service  # noqa: F401  (registers the rules)
