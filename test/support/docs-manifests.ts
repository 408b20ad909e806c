// Manifests as the Kubernetes documentation writes them (concepts and tasks pages), used
// unchanged by the kubectl suites: the contract is that what the docs show works against kts.

/** concepts/workloads/controllers/deployment: nginx-deployment. */
export const NGINX_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;

/** concepts/services-networking/service: my-service. */
export const MY_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app.kubernetes.io/name: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
`;

/** concepts/configuration/configmap: game-demo. */
export const GAME_DEMO_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: game-demo
data:
  # property-like keys; each key maps to a simple value
  player_initial_lives: "3"
  ui_properties_file_name: "user-interface.properties"

  # file-like keys
  game.properties: |
    enemy.types=aliens,monsters
    player.maximum-lives=5    
  user-interface.properties: |
    color.good=purple
    color.bad=yellow
    allow.textmode=true    
`;

/** concepts/configuration/secret: basic authentication Secret. */
export const BASIC_AUTH_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: secret-basic-auth
type: kubernetes.io/basic-auth
stringData:
  username: admin # required field for kubernetes.io/basic-auth
  password: t0p-Secret # required field for kubernetes.io/basic-auth
`;

/** concepts/workloads/controllers/job: pi. */
export const PI_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;

/** concepts/workloads/controllers/cron-jobs: hello. */
export const HELLO_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`;

/** concepts/workloads/controllers/statefulset: the nginx headless Service and StatefulSet web. */
export const WEB_STATEFULSET = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx # has to match .spec.template.metadata.labels
  serviceName: "nginx"
  replicas: 3 # by default is 1
  minReadySeconds: 10 # by default is 0
  template:
    metadata:
      labels:
        app: nginx # has to match .spec.selector.matchLabels
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: "my-storage-class"
      resources:
        requests:
          storage: 1Gi
`;

/** concepts/workloads/controllers/daemonset: fluentd-elasticsearch (in kube-system). */
export const FLUENTD_DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      # these tolerations are to have the daemonset runnable on control plane nodes
      # remove them if your control plane nodes should not run pods
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      # it may be desirable to set a high priority class to ensure that a DaemonSet Pod
      # preempts running Pods
      # priorityClassName: important
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`;

/** concepts/services-networking/ingress: minimal-ingress. */
export const MINIMAL_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: minimal-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx-example
  rules:
  - http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: test
            port:
              number: 80
`;

/** concepts/services-networking/network-policies: test-network-policy. */
export const TEST_NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
`;

/** tasks/run-application/horizontal-pod-autoscale-walkthrough: php-apache (autoscaling/v2). */
export const PHP_APACHE_HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
`;

/** tasks/run-application/configure-pdb: zk-pdb. */
export const ZK_PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: zookeeper
`;

/** reference/access-authn-authz/rbac: pod-reader Role and read-pods RoleBinding. */
export const POD_READER_RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: default
  name: pod-reader
rules:
- apiGroups: [""] # "" indicates the core API group
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
# This role binding allows "jane" to read pods in the "default" namespace.
# You need to already have a Role named "pod-reader" in that namespace.
kind: RoleBinding
metadata:
  name: read-pods
  namespace: default
subjects:
# You can specify more than one "subject"
- kind: User
  name: jane # "name" is case sensitive
  apiGroup: rbac.authorization.k8s.io
roleRef:
  # "roleRef" specifies the binding to a Role / ClusterRole
  kind: Role #this must be Role or ClusterRole
  name: pod-reader # this must match the name of the Role or ClusterRole you wish to bind to
  apiGroup: rbac.authorization.k8s.io
`;

/** Every manifest above, with what `kubectl apply -f` prints for it. */
export const DOCS_MANIFESTS: readonly { name: string; yaml: string; created: string[] }[] = [
  { name: 'deployment', yaml: NGINX_DEPLOYMENT, created: ['deployment.apps/nginx-deployment'] },
  { name: 'service', yaml: MY_SERVICE, created: ['service/my-service'] },
  { name: 'configmap', yaml: GAME_DEMO_CONFIGMAP, created: ['configmap/game-demo'] },
  { name: 'secret', yaml: BASIC_AUTH_SECRET, created: ['secret/secret-basic-auth'] },
  { name: 'job', yaml: PI_JOB, created: ['job.batch/pi'] },
  { name: 'cronjob', yaml: HELLO_CRONJOB, created: ['cronjob.batch/hello'] },
  { name: 'statefulset', yaml: WEB_STATEFULSET, created: ['service/nginx', 'statefulset.apps/web'] },
  { name: 'daemonset', yaml: FLUENTD_DAEMONSET, created: ['daemonset.apps/fluentd-elasticsearch'] },
  { name: 'ingress', yaml: MINIMAL_INGRESS, created: ['ingress.networking.k8s.io/minimal-ingress'] },
  {
    name: 'networkpolicy',
    yaml: TEST_NETWORK_POLICY,
    created: ['networkpolicy.networking.k8s.io/test-network-policy'],
  },
  { name: 'hpa', yaml: PHP_APACHE_HPA, created: ['horizontalpodautoscaler.autoscaling/php-apache'] },
  { name: 'pdb', yaml: ZK_PDB, created: ['poddisruptionbudget.policy/zk-pdb'] },
  {
    name: 'rbac',
    yaml: POD_READER_RBAC,
    created: ['role.rbac.authorization.k8s.io/pod-reader', 'rolebinding.rbac.authorization.k8s.io/read-pods'],
  },
];
