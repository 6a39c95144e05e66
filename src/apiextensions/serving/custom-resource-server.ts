/**
 * Keeps what the API server serves in step with the CustomResourceDefinitions
 * (upstream's crdHandler and crdregistration controller): every served
 * version of an Established CRD gets a registry, discovery entries, OpenAPI
 * schemas and a local APIService; a CRD that goes away stops being served
 * and its watches end.
 */
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { isCRDConditionTrue } from "../../api/apiextensions/index.js";
import type { ApiServerCore } from "../../apiserver/server.js";
import type { WatchService } from "../../apiserver/watch/service.js";
import type { CustomResourceSchemas } from "../../apiserver/wiring.js";
import type { ConverterFactory } from "../conversion/index.js";
import { servedVersion, type ServedVersion } from "./served-version.js";

/** Upstream's crdregistration priorities: CRD groups after every built-in group. */
const GROUP_PRIORITY_MINIMUM = 1000;
const VERSION_PRIORITY = 100;

export interface LocalAPIServiceRegistration {
  registerLocal(group: string, version: string, groupPriorityMinimum: number, versionPriority: number): void;
  unregisterLocal(group: string, version: string): void;
}

export interface CustomResourceServerDeps {
  core: ApiServerCore;
  watch: WatchService;
  schemas?: CustomResourceSchemas;
  apiServices?: LocalAPIServiceRegistration;
  log?: (msg: string) => void;
}

interface Served {
  /** What the served definitions are built from. */
  fingerprint: string;
  /** Spec and accepted names only: when they change, open watches end (clients watch again, on the new definition). */
  shape: string;
  versions: ServedVersion[];
}

export class CustomResourceServer {
  private readonly served = new Map<string, Served>();
  /** Converters for CRDs whose versions need one (Webhook); set once loaded. */
  converters: ConverterFactory = () => undefined;

  constructor(private readonly deps: CustomResourceServerDeps) {}

  /** Serves crd as it now is (or stops serving it when it is not Established). */
  sync(crd: CustomResourceDefinition): void {
    const name = crd.metadata.name!;
    const established = isCRDConditionTrue(crd, "Established");
    const shape = JSON.stringify([crd.spec, crd.status?.acceptedNames]);
    const fingerprint = JSON.stringify([shape, isCRDConditionTrue(crd, "Terminating")]);
    const current = this.served.get(name);
    if (!established) return this.remove(name);
    if (current?.fingerprint === fingerprint) return;
    const versions: ServedVersion[] = [];
    const converter = this.converters(crd);
    const ours = new Set((current?.versions ?? []).map(key));
    for (const v of crd.spec.versions ?? []) {
      if (!v.served) continue;
      try {
        const served = servedVersion(crd, v, converter);
        // Built-in resources win over a CRD naming the same group, version and resource (upstream's handler chain).
        if (!ours.has(key(served)) && this.deps.core.registry(served.def.group, served.def.version, served.def.plural)) {
          this.deps.log?.(`not serving ${name} version ${v.name}: ${key(served)} is served already`);
          continue;
        }
        versions.push(served);
      } catch (err) {
        this.deps.log?.(`serving ${name} version ${v.name} failed: ${(err as Error).message}`);
      }
    }
    const keep = new Set(versions.map((v) => key(v)));
    for (const old of current?.versions ?? []) {
      if (!keep.has(key(old))) this.unserve(old);
      else if (current!.shape !== shape) this.endWatches(old);
    }
    for (const v of versions) this.deps.core.addRegistry(v.def);
    this.served.set(name, { fingerprint, shape, versions });
    this.afterChange();
  }

  /** Stops serving the CRD called name; its watches end. */
  remove(name: string): void {
    const current = this.served.get(name);
    if (!current) return;
    this.served.delete(name);
    for (const v of current.versions) this.unserve(v);
    this.afterChange();
  }

  /** Names of the CRDs served now. */
  names(): string[] {
    return [...this.served.keys()];
  }

  private unserve(v: ServedVersion): void {
    const reg = this.deps.core.removeRegistry(v.def.group, v.def.version, v.def.plural);
    if (reg) this.deps.watch.endResource(reg);
  }

  private endWatches(v: ServedVersion): void {
    const reg = this.deps.core.registry(v.def.group, v.def.version, v.def.plural);
    if (reg) this.deps.watch.endResource(reg);
  }

  /** Schemas and local APIServices follow the set of served versions. */
  private afterChange(): void {
    const all = [...this.served.values()].flatMap((s) => s.versions);
    this.deps.schemas?.set(all);
    const reg = this.deps.apiServices;
    if (!reg) return;
    const wanted = new Set(all.map((v) => `${v.def.group}/${v.def.version}`));
    for (const gv of wanted) {
      const [group, version] = splitGV(gv);
      reg.registerLocal(group, version, GROUP_PRIORITY_MINIMUM, VERSION_PRIORITY);
    }
    for (const gv of this.registered) {
      if (wanted.has(gv)) continue;
      const [group, version] = splitGV(gv);
      reg.unregisterLocal(group, version);
    }
    this.registered = wanted;
  }

  private registered = new Set<string>();
}

function key(v: ServedVersion): string {
  return `${v.def.group}/${v.def.version}/${v.def.plural}`;
}

function splitGV(gv: string): [string, string] {
  const i = gv.lastIndexOf("/");
  return [gv.slice(0, i), gv.slice(i + 1)];
}
