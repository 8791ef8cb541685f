{{- define "podwatch.labels" -}}
app.kubernetes.io/part-of: podwatch
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "podwatch.secretName" -}}
{{- .Values.secret.name | default (printf "%s-podwatch" .Release.Name) -}}
{{- end -}}

{{- define "podwatch.serverName" -}}
{{- printf "%s-podwatch-server" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "podwatch.agentName" -}}
{{- printf "%s-podwatch-agent" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
