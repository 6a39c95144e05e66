/** Manifests the end-to-end suites apply. */

export const configMap = (name: string, data: Record<string, string>, labels: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data });

export const deploymentYaml = (name: string, replicas: number, image = "nginx:1.25") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: "one"
`;

export const serviceYaml = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;

/** Two client pods that need web.default by name (sim.skiff.dev/depends-on): Ready only while cluster DNS and web answer (S5). */
export const DNS_DEPENDENT_CLIENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: client}
spec:
  replicas: 2
  selector: {matchLabels: {app: client}}
  template:
    metadata:
      labels: {app: client}
      annotations: {sim.skiff.dev/depends-on: "web.default.svc.cluster.local:80"}
    spec:
      containers:
      - name: client
        image: registry.example/client:1
        ports: [{containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
          periodSeconds: 1
          failureThreshold: 1
`;
