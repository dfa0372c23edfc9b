{{/* The prefix of every object's name. */}}
{{- define "tollgate.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "tollgate.labels" -}}
app.kubernetes.io/name: tollgate
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "tollgate.selector" -}}
app.kubernetes.io/name: tollgate
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "tollgate.image" -}}
{{ .root.Values.image.registry }}/{{ .component }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* Prometheus scrape annotations, for clusters without the Prometheus Operator. */}}
{{- define "tollgate.scrapeAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: "8100"
prometheus.io/path: /metrics
{{- end -}}

{{/* What every process of the cluster needs: the database, the Orleans cluster, the tenants' domain. */}}
{{- define "tollgate.clusterEnv" -}}
- name: TOLLGATE_Storage
  value: Postgres
- name: TOLLGATE_Postgres__ConnectionString
  valueFrom:
    secretKeyRef: {name: {{ .Values.secrets.postgres.name }}, key: {{ .Values.secrets.postgres.key }}}
- name: TOLLGATE_Cluster__ClusterId
  value: {{ .Values.orleans.clusterId | quote }}
- name: TOLLGATE_Cluster__ServiceId
  value: {{ .Values.orleans.serviceId | quote }}
- name: TOLLGATE_GatewayDomain
  value: {{ .Values.gatewayDomain | quote }}
{{- end -}}

{{/* The operator's token and billing: what silos and portals (the Admin API's hosts) share. */}}
{{- define "tollgate.platformEnv" -}}
- name: TOLLGATE_BootstrapToken
  valueFrom:
    secretKeyRef: {name: {{ .Values.secrets.bootstrapToken.name }}, key: {{ .Values.secrets.bootstrapToken.key }}}
- name: TOLLGATE_Portal__PublicUrl
  value: {{ .Values.portal.publicUrl | quote }}
{{- if .Values.stripe.enabled }}
- name: TOLLGATE_Billing__Stripe__SecretKey
  valueFrom:
    secretKeyRef: {name: {{ .Values.stripe.secret.name }}, key: {{ .Values.stripe.secret.secretKeyKey }}}
- name: TOLLGATE_Billing__Stripe__WebhookSecret
  valueFrom:
    secretKeyRef: {name: {{ .Values.stripe.secret.name }}, key: {{ .Values.stripe.secret.webhookSecretKey }}}
{{- end }}
{{- end -}}

{{/* Health on the status port: ready once the process serves, live while it runs; a slow first start is allowed. */}}
{{- define "tollgate.probes" -}}
startupProbe:
  httpGet: {path: /status/live, port: status}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /status/live, port: status}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /status/ready, port: status}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end -}}

{{/* The images' non-root user (the .NET images' APP_UID), nothing written outside the mounted folders. */}}
{{- define "tollgate.containerSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 1654
  runAsGroup: 1654
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: {drop: [ALL]}
  seccompProfile: {type: RuntimeDefault}
{{- end -}}

{{- define "tollgate.volumeMounts" -}}
volumeMounts:
  - {name: data, mountPath: /var/lib/tollgate}
  - {name: tmp, mountPath: /tmp}
{{- end -}}

{{- define "tollgate.volumes" -}}
volumes:
  - {name: data, emptyDir: {}}
  - {name: tmp, emptyDir: {}}
{{- end -}}

{{/* Spreads a role's pods over nodes when it can. */}}
{{- define "tollgate.spread" -}}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "tollgate.selector" . | nindent 14 }}
{{- end -}}
