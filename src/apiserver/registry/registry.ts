/**
 * The generic registry: one per resource, running upstream's fixed write
 * pipeline (decode defaults -> system metadata -> prepare -> admission ->
 * validation -> storage) with the resource's hooks from its definition.
 * Reads go to the store; watches are served by the API server's cacher.
 */
import { ApiError, alreadyExists, conflict, notFound, type GroupResource, internalError } from "../../api/errors.js";
import { apiVersionOf, type HookContext, type KubeObject, type ResourceDefinition, type UserInfo } from "../../api/types.js";
import { invalid, type FieldError } from "../../api/validation/field.js";
import { DELETE, isStorageError, type KeyValue } from "../../storage/store.js";
import { clone, deepEqual } from "./json.js";
import { listPrefix, objectKey, resourcePrefix } from "./keys.js";
import { carryUpdateSystemFields, fillCreateSystemFields, generateName, specChanged, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import type { RegistryDeps, WriteOptions, WriteResult } from "./types.js";
import { applyFieldValidation } from "./field-validation.js";
import { canonicalObject, canonicalObjectReusing, withResourceVersion } from "../encoding/canonical.js";
import { storedObjectPrefix, wireJsonFromStored } from "../encoding/stored-wire.js";

/**
 * How every value this registry writes ends, as Go's json.Encoder ends its
 * output: a value without it predates upstream's field order in storage.
 */
const CANONICAL_END = "\n";

/** Thrown inside a store update to say "nothing changed, do not write". */
const UNCHANGED = new Error("unchanged");

export interface MutateOptions extends WriteOptions {
  /** "status" writes only status; undefined writes everything but status. */
  subresource?: string;
  /** The resourceVersion the write requires (from the body or a precondition). */
  expectResourceVersion?: string;
}

export class ResourceRegistry {
  readonly prefix: string;
  readonly gr: GroupResource;
  readonly apiVersion: string;
  private readonly storedPrefix: string;

  constructor(
    readonly def: ResourceDefinition,
    readonly deps: RegistryDeps,
  ) {
    this.prefix = resourcePrefix(def);
    this.gr = { group: def.group, resource: def.plural };
    this.apiVersion = apiVersionOf(def);
    this.storedPrefix = storedObjectPrefix(def.kind, this.apiVersion);
  }

  key(namespace: string | undefined, name: string): string {
    return objectKey(this.prefix, this.def.namespaced ? namespace : undefined, name);
  }

  listPrefix(namespace: string | undefined): string {
    return listPrefix(this.prefix, this.def.namespaced ? namespace : undefined);
  }

  /**
   * Stored value -> API object at this resource's version, resourceVersion set.
   * Values written by this registry are already in upstream's field order
   * (they end with a newline); others (older stores, shared storage) are put in it here.
   */
  decode(kv: { value: string; modRevision: number }): KubeObject {
    let obj = JSON.parse(kv.value) as KubeObject;
    const canonical = !this.def.sharedStorage && kv.value.endsWith(CANONICAL_END);
    if (this.def.sharedStorage) obj = this.def.sharedStorage.fromStored(obj);
    if (!this.def.conversion) obj.apiVersion = this.apiVersion;
    obj.kind = this.def.kind;
    if (!canonical) obj = canonicalObjectReusing(obj);
    obj.metadata = withResourceVersion(obj.metadata as Record<string, unknown>, String(kv.modRevision));
    return obj;
  }

  /**
   * JSON.stringify(decode(kv)), taken from the stored text without parsing
   * it when the value is one this registry wrote at this version;
   * undefined otherwise.
   */
  wireJson(kv: { value: string; modRevision: number }): string | undefined {
    if (this.def.sharedStorage || this.def.conversion || !kv.value.endsWith(CANONICAL_END)) return undefined;
    return wireJsonFromStored(kv.value.slice(0, -CANONICAL_END.length), this.storedPrefix, String(kv.modRevision));
  }

  /** API object -> stored value (no resourceVersion: the store's revision is the truth). */
  encode(obj: KubeObject): string {
    let stored: KubeObject = obj;
    if (this.def.sharedStorage) stored = this.def.sharedStorage.toStored(obj);
    const { resourceVersion: _rv, ...metadata } = stored.metadata;
    return JSON.stringify({ ...stored, metadata }) + CANONICAL_END;
  }

  /** Decoded objects at this resource's version: through its asynchronous conversion, if it has one. */
  async fromStorage(objs: KubeObject[]): Promise<KubeObject[]> {
    const conv = this.def.conversion;
    if (!conv || !objs.length) return objs;
    return (await conv.fromStored(objs)).map((o) => canonicalObject(o));
  }

  /** The stored value of an object at this resource's version. */
  private encodeForStorage(obj: KubeObject): string | Promise<string> {
    const conv = this.def.conversion;
    return conv ? conv.toStored(obj).then((o) => this.encode(o)) : this.encode(obj);
  }

  hookContext(opts: { dryRun: boolean; user?: UserInfo }): HookContext {
    return { now: this.deps.clock.now(), user: opts.user, dryRun: opts.dryRun, services: this.deps.services(opts.dryRun) };
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.deps.store.get(this.key(namespace, name));
    if (!kv) throw notFound(this.gr, name);
    const obj = this.decode(kv);
    return this.def.conversion ? (await this.fromStorage([obj]))[0]! : obj;
  }

  async tryGet(namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.deps.store.get(this.key(namespace, name));
    if (!kv) return undefined;
    const obj = this.decode(kv);
    return this.def.conversion ? (await this.fromStorage([obj]))[0] : obj;
  }

  invalid(name: string, errs: FieldError[]): ApiError {
    return invalid({ group: this.def.group, kind: this.def.kind }, name, errs);
  }

  async create(namespace: string | undefined, input: KubeObject, opts: WriteOptions): Promise<WriteResult> {
    const def = this.def;
    // The caller hands over a freshly decoded body; the pipeline may change it in place.
    let obj = input;
    obj.metadata ??= {};
    obj.apiVersion = this.apiVersion;
    obj.kind = def.kind;
    if (def.namespaced) obj.metadata.namespace = namespace;
    else delete obj.metadata.namespace;
    if (obj.metadata.resourceVersion) throw internalError(new Error("resourceVersion should not be set on objects to be created"));
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
    const warnings = applyFieldValidation(this, obj, opts.fieldValidation);
    const ctx = this.hookContext(opts);
    def.defaults?.(obj);
    obj = canonicalObjectReusing(obj);
    // As upstream, the creator owns what it sent and what defaulting set, not what admission adds.
    if (opts.fieldManager) this.deps.managedFields?.(def, undefined, obj, opts.fieldManager, undefined, ctx.now);
    const attrs = { operation: "CREATE" as const, resource: this.gr, kind: def.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? "", object: obj, user: opts.user, dryRun: opts.dryRun, warnings, auditAnnotations: opts.auditAnnotations };
    await this.deps.admission.admit(attrs);
    if (def.virtual) {
      // Computed resources have no name and are never stored.
      await def.prepareForCreate?.(obj, ctx);
      const errs = (await def.validate?.(obj, ctx)) ?? [];
      if (errs.length) throw this.invalid(obj.metadata.name ?? "", errs);
      return { object: canonicalObject(await def.virtual.create(obj, ctx)), warnings, created: true };
    }
    fillCreateSystemFields(obj, ctx.now);
    if (this.tracksGeneration(obj)) obj.metadata.generation = 1;
    else delete obj.metadata.generation;
    const metaErrs = validateObjectMeta(def, obj);
    if (metaErrs.some((e) => e.field === "metadata.name" || e.field === "metadata.generateName")) throw this.invalid(obj.metadata.name ?? "", metaErrs);
    await def.prepareForCreate?.(obj, ctx);
    let prepared = true;
    try {
      const errs = [...metaErrs, ...((await def.validate?.(obj, ctx)) ?? [])];
      if (errs.length) throw this.invalid(obj.metadata.name ?? "", errs);
      await this.deps.admission.validate(attrs);
      warnings.push(...(def.warnings?.(obj, undefined) ?? []));
      // Admission and the hooks may have added fields; what stayed in place is kept.
      obj = canonicalObjectReusing(obj);
      if (opts.dryRun) {
        await def.afterDelete?.(obj, ctx);
        prepared = false;
        return { object: obj, warnings, created: true };
      }
      try {
        const value = this.encodeForStorage(obj);
        const kv = await this.deps.store.create(this.key(obj.metadata.namespace, obj.metadata.name!), typeof value === "string" ? value : await value);
        prepared = false;
        obj.metadata = withResourceVersion(obj.metadata as Record<string, unknown>, String(kv.modRevision));
        return { object: obj, warnings, created: true, json: this.wireJson(kv) };
      } catch (err) {
        if (isStorageError(err, "KeyExists")) throw alreadyExists(this.gr, obj.metadata.name!);
        throw err;
      }
    } finally {
      // Undo allocations (cluster IPs, node ports) of a create that did not land.
      if (prepared) await def.afterDelete?.(obj, ctx).catch(() => undefined);
    }
  }

  tracksGeneration(obj: KubeObject): boolean {
    return this.def.tracksGeneration ?? "spec" in obj;
  }

  /**
   * Read-modify-write: transform gets a private copy of the stored object
   * and returns the desired one; the pipeline then applies defaults, system
   * fields, status/spec separation, generation, validation and admission.
   * A write that changes nothing is not stored (the resourceVersion stays).
   */
  async mutate(namespace: string | undefined, name: string, transform: (current: KubeObject) => KubeObject | Promise<KubeObject>, opts: MutateOptions): Promise<WriteResult> {
    const key = this.key(namespace, name);
    const warnings: string[] = [];
    let result: KubeObject | undefined;
    let deleted = false;
    const compute = async (kv: KeyValue | undefined): Promise<string | typeof DELETE> => {
      if (!kv) throw notFound(this.gr, name);
      const stored = this.decode(kv);
      const current = this.def.conversion ? (await this.fromStorage([stored]))[0]! : stored;
      const next = await this.prepareUpdate(current, await transform(clone(current)), opts, warnings);
      // A value stored under an old encryption key is rewritten even when unchanged (key rotation).
      if (next === current && !kv.stale) throw UNCHANGED;
      result = next;
      const finalized = this.def.isFinalized ? this.def.isFinalized(next) : !(next.metadata.finalizers?.length);
      if (next.metadata.deletionTimestamp && finalized) {
        deleted = true;
        return DELETE;
      }
      return this.encodeForStorage(next);
    };
    try {
      if (opts.dryRun) {
        await compute(await this.deps.store.get(key));
        return { object: result!, warnings };
      }
      const { kv } = await this.deps.store.guaranteedUpdate(key, compute);
      if (deleted) await this.def.afterDelete?.(result!, this.hookContext(opts));
      result!.metadata.resourceVersion = String(kv.modRevision);
      return { object: result!, warnings, json: deleted ? undefined : this.wireJson(kv) };
    } catch (err) {
      if (err === UNCHANGED) return { object: await this.get(namespace, name), warnings };
      if (isStorageError(err, "NotFound")) throw notFound(this.gr, name);
      if (isStorageError(err, "Conflict")) throw conflict(this.gr, name);
      throw err;
    }
  }

  /** The update pipeline for one attempt. Returns `current` itself when nothing changes. */
  private async prepareUpdate(current: KubeObject, desired: KubeObject, opts: MutateOptions, warnings: string[]): Promise<KubeObject> {
    const def = this.def;
    const name = current.metadata.name!;
    const expected = opts.expectResourceVersion ?? desired.metadata?.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) throw conflict(this.gr, name);
    const next = desired;
    next.metadata ??= {};
    next.apiVersion = this.apiVersion;
    next.kind = def.kind;
    if (def.namespaced) next.metadata.namespace = current.metadata.namespace;
    if (next.metadata.name === undefined) next.metadata.name = name;
    if (next.metadata.name !== name) throw new ApiError(400, "BadRequest", `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    warnings.push(...applyFieldValidation(this, next, opts.fieldValidation));
    def.defaults?.(next);
    carryUpdateSystemFields(next, current);
    const ctx = this.hookContext(opts);
    if (opts.subresource === "status") {
      // /status changes status only (and labels/annotations cannot sneak in either).
      const { status } = next;
      const kept = clone(current);
      if (status === undefined) delete kept.status;
      else kept.status = status;
      kept.metadata = next.metadata;
      // As upstream's status strategies: labels stay; annotations may change with status (deployment revisions).
      kept.metadata.labels = current.metadata.labels;
      kept.metadata.finalizers = current.metadata.finalizers;
      kept.metadata.ownerReferences = current.metadata.ownerReferences;
      def.prepareForStatusUpdate?.(kept, current, ctx);
      return this.finishUpdate(current, kept, opts, warnings, ctx, def.validateStatusUpdate?.(kept, current, ctx) ?? []);
    }
    const view = opts.subresource ? def.subresources?.[opts.subresource]?.parentView : undefined;
    if (view) {
      // A view of the parent (pods/ephemeralcontainers): its strategy decides what changes.
      const kept = view.prepareForUpdate(next, current, ctx);
      return this.finishUpdate(current, kept, opts, warnings, ctx, [...validateObjectMeta(def, kept), ...validateObjectMetaUpdate(kept, current), ...view.validateUpdate(kept, current)]);
    }
    if (opts.subresource && opts.subresource !== "scale") {
      // Custom subresources (binding, finalize, approval) write what their handler decided,
      // as upstream's subresource REST storage does: system metadata kept, no resource hooks.
      return this.finishUpdate(current, next, opts, warnings, ctx, [...validateObjectMeta(def, next), ...validateObjectMetaUpdate(next, current)]);
    }
    if (def.hasStatus) {
      if (current.status === undefined) delete next.status;
      else next.status = clone(current.status);
    }
    await def.prepareForUpdate?.(next, current, ctx);
    if (this.tracksGeneration(next) && specChanged(next, current)) next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    const errs = [...validateObjectMeta(def, next), ...validateObjectMetaUpdate(next, current), ...((await def.validate?.(next, ctx)) ?? []), ...((await def.validateUpdate?.(next, current, ctx)) ?? [])];
    return this.finishUpdate(current, next, opts, warnings, ctx, errs);
  }

  private async finishUpdate(current: KubeObject, next: KubeObject, opts: MutateOptions, warnings: string[], ctx: HookContext, errs: FieldError[]): Promise<KubeObject> {
    if (errs.length) throw this.invalid(current.metadata.name!, errs);
    const attrs = { operation: "UPDATE" as const, resource: this.gr, kind: this.def.kind, subresource: opts.subresource, namespace: current.metadata.namespace, name: current.metadata.name!, object: next, oldObject: current, user: opts.user, dryRun: opts.dryRun, warnings, auditAnnotations: opts.auditAnnotations };
    await this.deps.admission.admit(attrs);
    await this.deps.admission.validate(attrs);
    warnings.push(...(this.def.warnings?.(next, current) ?? []));
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    next = canonicalObjectReusing(next);
    if (deepEqual(withoutManagedTimes(next), withoutManagedTimes(current))) return current;
    if (opts.fieldManager) this.deps.managedFields?.(this.def, current, next, opts.fieldManager, opts.subresource, ctx.now);
    return next;
  }
}

function withoutManagedTimes(o: KubeObject): KubeObject {
  if (!o.metadata.managedFields) return o;
  return { ...o, metadata: { ...o.metadata, managedFields: o.metadata.managedFields.map(({ time: _t, ...rest }) => rest) } };
}

export { listPrefix };
