{{/* What every object's name starts with: the release name, or fullnameOverride. */}}
{{- define "awsmultieni-cluster.base" -}}
{{- .Values.fullnameOverride | default .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "awsmultieni-cluster.agentName" -}}
{{- printf "%s-agent" (include "awsmultieni-cluster.base" .) -}}
{{- end -}}

{{/* The Secret with the agents' TLS client certificate (tls.crt, tls.key, ca.crt). */}}
{{- define "awsmultieni-cluster.tlsSecretName" -}}
{{- .Values.tls.secretName | default (printf "%s-tls" (include "awsmultieni-cluster.agentName" .)) -}}
{{- end -}}

{{- define "awsmultieni-cluster.siloName" -}}
{{- printf "%s-silo" (include "awsmultieni-cluster.base" .) -}}
{{- end -}}

{{/* Labels of the agent pods' selector. */}}
{{- define "awsmultieni-cluster.agentSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}-agent
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "awsmultieni-cluster.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: awsmultieni
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}
