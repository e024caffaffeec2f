{{/*
The chart name, or nameOverride.
*/}}
{{- define "frontier.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name: fullnameOverride, else the release name when it already contains the
chart name, else RELEASE-CHART. Truncated so that "-operator" and "-gateway" still fit in 63 characters.
*/}}
{{- define "frontier.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 54 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Object names of the two components.
*/}}
{{- define "frontier.operator.fullname" -}}
{{- printf "%s-operator" (include "frontier.fullname" .) }}
{{- end }}

{{- define "frontier.gateway.fullname" -}}
{{- printf "%s-gateway" (include "frontier.fullname" .) }}
{{- end }}

{{/*
chart label: NAME-VERSION.
*/}}
{{- define "frontier.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object. Call with (dict "root" $ "component" "operator").
*/}}
{{- define "frontier.labels" -}}
helm.sh/chart: {{ include "frontier.chart" .root }}
{{ include "frontier.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: frontier
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of a component's pods. Call with (dict "root" $ "component" "operator").
*/}}
{{- define "frontier.selectorLabels" -}}
app.kubernetes.io/name: {{ include "frontier.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
The ServiceAccount a component runs as. Call with (dict "root" $ "component" "operator").
*/}}
{{- define "frontier.serviceAccountName" -}}
{{- $values := index .root.Values .component }}
{{- $default := printf "%s-%s" (include "frontier.fullname" .root) .component }}
{{- if $values.serviceAccount.create }}
{{- default $default $values.serviceAccount.name }}
{{- else }}
{{- required (printf "%s.serviceAccount.name must name an existing ServiceAccount when %s.serviceAccount.create is false" .component .component) $values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
A component's image reference: REPOSITORY:TAG, the tag defaulting to the chart's appVersion.
Call with (dict "root" $ "component" "operator").
*/}}
{{- define "frontier.image" -}}
{{- $image := (index .root.Values .component).image }}
{{- printf "%s:%s" (required (printf "%s.image.repository is required" .component) $image.repository) (toString (default .root.Chart.AppVersion $image.tag)) }}
{{- end }}
