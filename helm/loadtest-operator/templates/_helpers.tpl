{{- define "loadtest.labels" -}}
app.kubernetes.io/name: loadtest-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}
{{- define "loadtest.selector" -}}
app.kubernetes.io/name: loadtest-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
