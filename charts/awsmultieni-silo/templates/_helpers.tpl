{{/* The name every object of the release carries. */}}
{{- define "awsmultieni-silo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the silo pods. */}}
{{- define "awsmultieni-silo.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "awsmultieni-silo.labels" -}}
{{ include "awsmultieni-silo.selectorLabels" . }}
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
