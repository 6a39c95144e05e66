/**
 * CustomResourceDefinitions served by the API server, as upstream's
 * apiextensions-apiserver: the custom resources of every Established CRD
 * (serving/), and the controllers that name, establish and finalize CRDs
 * (controllers/). Conversion between versions goes through conversion/.
 */
import type { CustomResourceDefinition } from "../api/apiextensions/index.js";
import type { ApiServerCore } from "../apiserver/server.js";
import type { WatchService } from "../apiserver/watch/service.js";
import type { CustomResourceSchemas } from "../apiserver/wiring.js";
import type { LoopbackServer } from "../client/index.js";
import type { Clock } from "../util/clock.js";
import { startCustomResourceControllers, type RunningControllers } from "./controllers/run.js";
import { CustomResourceServer, type LocalAPIServiceRegistration } from "./serving/custom-resource-server.js";
import { servedVersion } from "./serving/served-version.js";
import { ResourceRegistry } from "../apiserver/registry/registry.js";
import { converterFactory, type ConversionDeps } from "./conversion/index.js";

export type { CustomResourceConverter } from "./conversion/types.js";
export { CustomResourceServer } from "./serving/custom-resource-server.js";

export interface CustomResourcesOptions {
  core: ApiServerCore;
  watch: WatchService;
  clock: Clock;
  schemas?: CustomResourceSchemas;
  apiServices?: LocalAPIServiceRegistration;
  /** How conversion webhooks are reached. */
  conversion?: () => ConversionDeps;
  log?: (msg: string) => void;
}

export interface CustomResources {
  server: CustomResourceServer;
  /** Runs the CRD controllers; resolves once the CRDs in the store are served. */
  start(loopback: LoopbackServer): Promise<void>;
  stop(): Promise<void>;
}

export function createCustomResources(opts: CustomResourcesOptions): CustomResources {
  const server = new CustomResourceServer({ core: opts.core, watch: opts.watch, schemas: opts.schemas, apiServices: opts.apiServices, log: opts.log });
  if (opts.conversion) server.converters = converterFactory(opts.conversion);
  let running: RunningControllers | undefined;
  // Resources the server has of its own: a CRD naming one of them never owns its storage.
  const builtIn = new Set([...opts.core.registries.values()].map((r) => `${r.def.group}/${r.def.plural}`));
  const overlapsBuiltIn = (crd: CustomResourceDefinition) => builtIn.has(`${crd.spec.group}/${crd.status?.acceptedNames?.plural || crd.spec.names.plural}`);
  // Any served version reaches the CRD's storage; with none served, the storage version's definition does.
  const registryFor = (crd: CustomResourceDefinition) => {
    if (overlapsBuiltIn(crd)) return undefined;
    const plural = crd.status?.acceptedNames?.plural || crd.spec.names.plural;
    const regs = [...opts.core.registries.values()];
    const served = regs.find((r) => r.def.group === crd.spec.group && r.def.plural === plural);
    const storage = crd.spec.versions.find((v) => v.storage);
    if (served || !storage || !regs[0]) return served;
    return new ResourceRegistry(servedVersion(crd, storage, server.converters(crd)).def, regs[0].deps);
  };
  return {
    server,
    async start(loopback) {
      running ??= await startCustomResourceControllers(loopback, { clock: opts.clock, server, registryFor, overlapsBuiltIn, log: opts.log });
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}
