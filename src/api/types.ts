/**
 * The scheme's vocabulary: objects as they travel (plain JSON), and the
 * ResourceDefinition that describes one resource completely. The generic
 * registry in src/apiserver runs one fixed pipeline for every resource; a
 * resource's own rules are the hooks of its definition.
 */
import type { ObjectMeta as ApiObjectMeta } from "kubernetes-types/meta/v1.js";
import type { FieldError } from "./validation/field.js";

/** ObjectMeta with the server-set fields writable: the server is who sets them. */
export type ObjectMeta = { -readonly [K in keyof ApiObjectMeta]: ApiObjectMeta[K] };

/** Any API object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** What a cell of a Table may hold. */
export type Cell = string | number | boolean | null;

/** Facts a table printer or hook may need beyond the object. */
export interface PrintContext {
  /** Milliseconds since the epoch, from the server's clock. */
  now: number;
}

/** One column of the server-side Table, as upstream's TableColumnDefinition. */
export interface TableColumn<T = KubeObject> {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format?: string;
  description: string;
  /** 0 for the default view; 1 for `-o wide` only. */
  priority?: number;
  cell(obj: T, ctx: PrintContext): Cell;
}

/** The scale subresource's mapping onto the object, as a CRD's scale spec. */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** Who is asking, as the authenticator saw them. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/**
 * What a hook can reach besides the object: the clock, the requesting user
 * and server-side services (allocators, lookups). Provided by the registry.
 */
export interface HookContext {
  now: number;
  user?: UserInfo;
  dryRun: boolean;
  services: RegistryServices;
}

/** Server-side facilities that some resources' hooks need. */
export interface RegistryServices {
  /** Reads any stored object (no authorization), for cross-object checks. */
  getObject(group: string, resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** Lists stored objects of a resource in a namespace (no authorization), for cross-object checks. */
  listObjects(group: string, resource: string, namespace: string | undefined): Promise<KubeObject[]>;
  /**
   * Writes obj's status through the resource's /status pipeline, requiring
   * obj's resourceVersion (a Conflict ApiError when the object moved on):
   * eviction's PodDisruptionBudget decrement.
   */
  updateStatus(group: string, resource: string, obj: KubeObject): Promise<KubeObject>;
  /** Named allocators (service cluster IPs, node ports); absent when not configured. */
  allocator(name: string): Allocator | undefined;
  /** Server options that change defaults (service CIDR, node port range). */
  options: { serviceCIDRs: string[]; nodePortRange: [number, number] };
  /**
   * Health checks of the control plane's components (scheduler,
   * controller-manager, etcd-N), run now; for ComponentStatus.
   */
  probeComponents(): Promise<ComponentProbe[]>;
  /** The server's authorizer, for access reviews. */
  authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision>;
  /** What a user may do in a namespace, for SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace: string): Promise<SubjectRules>;
  /** Signs service-account tokens (serviceaccounts/token); absent when the server has no signing key. */
  serviceAccountTokens?: { issuer: string; sign(claims: Record<string, unknown>): string | Promise<string> };
  /** Connections to kubelets (logs, exec, attach, port-forward, node proxy); absent when the server has none. */
  kubelet?: KubeletConnector;
  /** Judges a bearer token with the server's token authenticators, for TokenReview; absent without them. */
  reviewToken?(token: string, audiences?: string[]): Promise<TokenReviewOutcome>;
}

/** What the token authenticators concluded about a token (src/apiserver/authn). */
export type TokenReviewOutcome =
  | { status: "authenticated"; user: UserInfo; audiences: string[] }
  | { status: "rejected"; reason: string }
  | { status: "none" };

/** How connect subresources reach a node's kubelet (src/apiserver/proxy). */
export interface KubeletConnector {
  /**
   * Sends the request to target.path (with its query) on the kubelet of node
   * and answers with a RawResponse: the kubelet's answer streamed back, or,
   * for an upgrade, the client's connection spliced to the kubelet's after
   * its 101. With checkStatus, a non-2xx answer becomes an ApiError as
   * upstream's GenericHttpResponseChecker makes it (pods/log); without, it
   * passes through (node proxy).
   */
  proxy(node: KubeObject, target: KubeletTarget, req: ConnectRequest): Promise<unknown>;
}

export interface KubeletTarget {
  path: string;
  query: URLSearchParams;
  /** A port other than the kubelet's own (nodes/node-1:10255/proxy). */
  port?: number;
  checkStatus?: { group: string; resource: string; name: string };
}

/** One component health check's outcome, as upstream's probe.Result with its message and error. */
export interface ComponentProbe {
  name: string;
  result: "Success" | "Failure" | "Unknown";
  message: string;
  error: string;
}

/** The rules an authorizer can list for a user (SubjectRulesReviewStatus). */
export interface SubjectRules {
  resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  incomplete: boolean;
  evaluationError?: string;
}

/** What an authorizer is asked, as upstream's authorizer.Attributes. */
export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  /** Resource requests. */
  resource?: { group: string; version?: string; resource: string; subresource?: string; namespace?: string; name?: string };
  /** Non-resource requests, e.g. "/healthz". */
  path?: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  denied?: boolean;
  reason: string;
  evaluationError?: string;
}

/**
 * A persisted allocator of unique values (IPs, ports). allocate() with a
 * value reserves exactly that one or fails; without, picks a free one.
 * Every call takes effect only when the surrounding write succeeds.
 */
export interface Allocator {
  allocate(value?: string): Promise<string>;
  release(value: string): Promise<void>;
  has(value: string): Promise<boolean>;
  /** Human description of the range, for error messages. */
  range(): string;
}

/**
 * A request to a custom subresource (binding, eviction, log, finalize, ...).
 * Status and scale are built in; everything else is a handler.
 */
export interface SubresourceRequest {
  verb: "get" | "create" | "update" | "patch" | "connect";
  namespace?: string;
  name: string;
  body?: unknown;
  query: URLSearchParams;
  ctx: HookContext;
  /** Connect subresources only: the path after the subresource ("stats/summary" in nodes/n/proxy/stats/summary). */
  path?: string;
  /** Connect subresources only: the raw HTTP exchange, for proxying it to a kubelet. */
  http?: ConnectRequest;
}

/** The raw HTTP exchange behind a connect subresource (log, exec, attach, portforward, proxy). */
export interface ConnectRequest {
  method: string;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** An HTTP/1.1 upgrade: the client's connection, handed over once the backend switched protocols. */
  upgrade?: { socket: import("node:stream").Duplex; head: Buffer };
}

export type SubresourceHandler = (req: SubresourceRequest, registry: SubresourceRegistry) => Promise<unknown>;

/** The parent resource's storage, as seen by a subresource handler. */
export interface SubresourceRegistry {
  get(namespace: string | undefined, name: string): Promise<KubeObject>;
  /** Read-modify-write with conflict retry; fn may throw an ApiError. */
  update(namespace: string | undefined, name: string, fn: (obj: KubeObject) => KubeObject | Promise<KubeObject>, ctx: HookContext): Promise<KubeObject>;
  delete(namespace: string | undefined, name: string, opts: DeleteOptionsLike, ctx: HookContext): Promise<KubeObject>;
}

export interface DeleteOptionsLike {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export interface SubresourceSpec {
  /** The kind a subresource request/response carries, for discovery. */
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
  /**
   * A connect subresource: its handler gets the raw request (http, path) with
   * the body unparsed, and may answer with a RawResponse (a stream or an upgrade).
   */
  connect?: boolean;
  handler: SubresourceHandler;
  /**
   * A subresource that reads and writes the parent object itself, as
   * /status does but for other fields (pods/ephemeralcontainers): get
   * answers with the parent; update and patch (of the parent's shape) keep
   * what prepare keeps of the new object, then validate. The handler is
   * not called for these verbs.
   */
  parentView?: {
    prepareForUpdate(obj: KubeObject, old: KubeObject, ctx: HookContext): KubeObject;
    validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  };
}

/**
 * Everything about one resource. Hooks are small and pure where they can be;
 * the registry does metadata, generation, resourceVersion, uid, timestamps,
 * namespace checks, preconditions, dry-run and status/spec separation.
 */
export interface ResourceDefinition<T extends KubeObject = KubeObject> {
  group: string;
  version: string;
  kind: string;
  listKind?: string;
  /** Lowercase plural, the URL segment. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Verbs served; defaults to all of create, delete, deletecollection, get, list, patch, update, watch. */
  verbs?: string[];
  /** The OpenAPI definition name, e.g. "io.k8s.api.core.v1.Pod". */
  schema: string;
  /** Storage key segment when it differs from plural (upstream: "minions" for nodes, "services/specs"). */
  storageName?: string;

  /** A `status` subresource exists: the main endpoint ignores status, /status ignores everything else. */
  hasStatus?: boolean;
  /** The `scale` subresource and where replicas live. */
  scale?: ScaleSpec;
  subresources?: Record<string, SubresourceSpec>;

  /**
   * Whether spec changes bump metadata.generation. Defaults to true when the
   * object has a spec (upstream: every resource whose strategy tracks generation).
   */
  tracksGeneration?: boolean;

  /** Upstream defaulting (SetDefaults_*), run on every write before validation. Mutates. */
  defaults?(obj: T): void;
  /** PrepareForCreate: clear or initialise fields the server owns. Mutates. */
  prepareForCreate?(obj: T, ctx: HookContext): void | Promise<void>;
  /** PrepareForUpdate on the main endpoint. Mutates obj. */
  prepareForUpdate?(obj: T, old: T, ctx: HookContext): void | Promise<void>;
  /** PrepareForUpdate on /status. Mutates obj. */
  prepareForStatusUpdate?(obj: T, old: T, ctx: HookContext): void;
  validate?(obj: T, ctx: HookContext): FieldError[] | Promise<FieldError[]>;
  validateUpdate?(obj: T, old: T, ctx: HookContext): FieldError[] | Promise<FieldError[]>;
  validateStatusUpdate?(obj: T, old: T, ctx: HookContext): FieldError[];
  /** A deprecation notice sent as a Warning header on every request for this resource (upstream's deprecated-API warnings). */
  deprecationWarning?: string;
  /** Warnings returned to the client as Warning headers on writes. */
  warnings?(obj: T, old: T | undefined): string[];
  /** After a successful delete (or to undo allocations of a failed create). */
  afterDelete?(obj: T, ctx: HookContext): Promise<void>;
  /**
   * Fields the resource's schema does not know, as paths ("spec.foo"),
   * dropped from obj (custom resources prune by their structural schema).
   * Without it, the server's OpenAPI definitions decide.
   */
  unknownFields?(obj: T): string[];
  /** Patch media types accepted; defaults to all (custom resources take no strategic merge patch). */
  patchTypes?: string[];
  /**
   * Finalizers need only be qualified names, as apimachinery's generic
   * validation (CRDs, custom resources); by default, as core's, a name
   * without a "/" must be a standard one.
   */
  anyQualifiedFinalizer?: boolean;
  /** Whether a name of this form is allowed (defaults to DNS-1123 subdomain). */
  validateName?(name: string, prefix: boolean): string[];

  /**
   * The Name column the registry puts first: false when the resource's own
   * columns place it (events print it last, wide only); a cell override for
   * names printed with a suffix (the default StorageClass: "standard (default)").
   */
  nameColumn?: false | { cell(obj: T): string };
  /** Server-side printing: upstream's columns, after Name. */
  columns?: TableColumn<T>[];
  /**
   * A selectable field whose exact-match watches the watch cache indexes
   * (upstream's indexed triggers: pods by spec.nodeName, so each kubelet's
   * watch is not asked about every other node's pods).
   */
  watchTriggerField?: string;
  /** False: field selectors may not use metadata.namespace (cluster-scoped custom resources, as upstream's converter). */
  namespaceFieldLabel?: false;
  /** Field selector values beyond metadata.name and metadata.namespace. */
  selectableFields?(obj: T): Record<string, string>;
  /** Graceful deletion: the grace period a delete without one gets (pods: spec.terminationGracePeriodSeconds). */
  defaultGracePeriodSeconds?(obj: T): number | undefined;
  /** True when a delete must wait (e.g. pods bound to a node get a deletionTimestamp first). */
  gracefulDelete?(obj: T, gracePeriodSeconds: number): boolean;
  /**
   * Instead of removing the object, the delete stores this returned object
   * (already given a deletionTimestamp by the registry). Namespaces use it
   * to become Terminating. Return undefined to proceed as usual.
   */
  beforeDelete?(obj: T, ctx: HookContext): T | undefined;
  /**
   * Whether an object carrying a deletionTimestamp may now be removed.
   * Default: metadata.finalizers is empty. Namespaces also wait for spec.finalizers.
   */
  isFinalized?(obj: T): boolean;
  /**
   * This resource is another's storage seen through a conversion
   * (events.k8s.io/v1 Events are stored as core/v1 Events).
   */
  sharedStorage?: {
    group: string;
    resource: string;
    toStored(obj: T): KubeObject;
    fromStored(obj: KubeObject): T;
  };
  /**
   * Conversion between the stored version and this one that needs I/O (a
   * custom resource's conversion webhook). Decoding then keeps the stored
   * apiVersion, and the registry converts what it reads (fromStored, in
   * batches) and what it writes (toStored) around the pipeline.
   */
  conversion?: {
    fromStored(objs: KubeObject[]): Promise<KubeObject[]>;
    toStored(obj: KubeObject): Promise<KubeObject>;
  };
  /**
   * A resource that is computed, not stored (access reviews, token reviews):
   * create runs defaults and validation, then answers with this hook's result.
   */
  virtual?: { create(obj: T, ctx: HookContext): Promise<T> };
  /**
   * A read-only resource computed on each read, never stored (component
   * statuses): get and list answer with these objects.
   */
  computed?: { list(ctx: HookContext): Promise<T[]> };
  /**
   * A create on this resource is a create of a subresource of another
   * resource of the same group and version, on the object the body's
   * metadata.name names (core/v1 `bindings`: that pod's pods/binding).
   */
  createAsSubresource?: { resource: string; subresource: string };
  /** An immediate delete answers with the deleted object (pods) rather than a Success Status. */
  returnDeletedObject?: boolean;
  /**
   * Propagation when a delete names none. Upstream: Background for most,
   * Orphan for batch/v1 Jobs (kubectl sends Background explicitly).
   */
  defaultPropagation?: "Orphan" | "Background";
}

export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
