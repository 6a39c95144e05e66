/**
 * Encryption at rest (upstream's --encryption-provider-config): the
 * EncryptionConfiguration file, its providers (aescbc, aesgcm, secretbox,
 * identity) and the Store decorator that applies them to the configured
 * resources.
 */
import type { Registry } from "prom-client";
import type { ResourceDefinition } from "../../api/types.js";
import type { Store } from "../../storage/store.js";
import { loadEncryptionConfig, type ResourceTransformers } from "./config.js";
import { createEncryptedStore } from "./encrypted-store.js";
import { createTransformationMetrics } from "./metrics.js";
import { createKeyResolver } from "./resource-keys.js";

export { EncryptionConfigError, parseEncryptionConfiguration, buildResourceTransformers, type EncryptionConfiguration, type ResourceTransformers } from "./config.js";
export { createEncryptedStore } from "./encrypted-store.js";
export { createKeyResolver } from "./resource-keys.js";

/** A loaded configuration: wraps the API server's store and serves its metric. */
export interface EncryptionAtRest {
  transformers: ResourceTransformers;
  /** The store the API server uses: encrypting the configured resources. */
  wrap(store: Store, resources: readonly ResourceDefinition[]): Store;
  registerMetrics(registry: Registry): void;
}

/** Reads --encryption-provider-config; a missing or invalid file fails here, before the store is touched. */
export async function loadEncryptionAtRest(file: string): Promise<EncryptionAtRest> {
  const metrics = createTransformationMetrics();
  const transformers = await loadEncryptionConfig(file, metrics.observe);
  return {
    transformers,
    wrap: (store, resources) => createEncryptedStore(store, { transformers, resolveKey: createKeyResolver(resources) }),
    registerMetrics: (registry) => metrics.register(registry),
  };
}
