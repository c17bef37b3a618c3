{{/* What every object's name starts with: the release name, or fullnameOverride. */}}
{{- define "awsmultieni-silo.base" -}}
{{- .Values.fullnameOverride | default .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{/* The Secret with the silo pods' TLS certificate (tls.crt, tls.key, ca.crt). */}}
{{- define "awsmultieni-silo.tlsSecretName" -}}
{{- .Values.tls.secretName | default (printf "%s-tls" (include "awsmultieni-silo.base" .)) -}}
{{- end -}}

{{- define "awsmultieni-silo.siloKeySecretName" -}}
{{- .Values.tls.siloKeySecretName | default (printf "%s-silo-key" (include "awsmultieni-silo.base" .)) -}}
{{- end -}}

{{/* The silos' Deployment, PodDisruptionBudget and NetworkPolicy. */}}
{{- define "awsmultieni-silo.siloName" -}}
{{- printf "%s-silo" (include "awsmultieni-silo.base" .) -}}
{{- end -}}

{{- define "awsmultieni-silo.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (include "awsmultieni-silo.siloName" .) -}}
{{- end -}}

{{/* The dashboard's Deployment, ServiceAccount, Service and NetworkPolicy. */}}
{{- define "awsmultieni-silo.dashboardName" -}}
{{- printf "%s-dashboard" (include "awsmultieni-silo.base" .) -}}
{{- end -}}

{{- define "awsmultieni-silo.dashboardServiceAccountName" -}}
{{- .Values.dashboard.serviceAccount.name | default (include "awsmultieni-silo.dashboardName" .) -}}
{{- end -}}

{{/* The headless Service whose DNS name lists every ready silo's gateway, for clients inside the cluster. */}}
{{- define "awsmultieni-silo.siloGatewaysName" -}}
{{- printf "%s-silo-gateways" (include "awsmultieni-silo.base" .) -}}
{{- end -}}

{{/* Labels that select the silo pods. */}}
{{- define "awsmultieni-silo.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "awsmultieni-silo.labels" -}}
{{ include "awsmultieni-silo.selectorLabels" . }}
{{ include "awsmultieni-silo.commonLabels" . }}
{{- end -}}

{{/*
Labels that select the dashboard pods: a name of their own, so that the silos' selectors (their Deployment's,
which cannot change, the gateway Services', the PodDisruptionBudget's) never take a dashboard pod.
*/}}
{{- define "awsmultieni-silo.dashboardSelectorLabels" -}}
app.kubernetes.io/name: awsmultieni-dashboard
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "awsmultieni-silo.dashboardLabels" -}}
{{ include "awsmultieni-silo.dashboardSelectorLabels" . }}
{{ include "awsmultieni-silo.commonLabels" . }}
{{- end -}}

{{- define "awsmultieni-silo.commonLabels" -}}
app.kubernetes.io/part-of: awsmultieni
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* An image reference: repository and tag, the tag defaulting to the chart's appVersion. */}}
{{- define "awsmultieni-silo.image" -}}
{{- printf "%s:%s" .image.repository (.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "awsmultieni-silo.region" -}}
{{- required "aws.region is required: the region of this silo set" .Values.aws.region -}}
{{- end -}}

{{/* The restricted Pod Security profile, for the silo and dashboard containers. */}}
{{- define "awsmultieni-silo.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* A .NET host's shutdown timeout: the grace period less the preStop pause and a margin to exit. */}}
{{- define "awsmultieni-silo.shutdownTimeoutSeconds" -}}
{{- $left := sub (sub .Values.terminationGracePeriodSeconds .Values.preStopSeconds) 5 -}}
{{- if lt $left 5 -}}
{{- fail "terminationGracePeriodSeconds must exceed preStopSeconds by at least 10 s" -}}
{{- end -}}
{{- $left -}}
{{- end -}}

{{/* Pod-level settings the user chooses, shared by the silo pod's spec. */}}
{{- define "awsmultieni-silo.podPlacement" -}}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
