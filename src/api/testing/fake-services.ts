/** RegistryServices for unit tests of resource hooks: nothing stored, everything allowed. */
import type { RegistryServices } from "../types.js";

export function fakeServices(overrides: Partial<RegistryServices> = {}): RegistryServices {
  return {
    getObject: async () => undefined,
    listObjects: async () => [],
    updateStatus: async (_g, resource, obj) => {
      throw new Error(`fake services store no ${resource}: cannot update ${obj.metadata.name ?? ""}`);
    },
    allocator: () => undefined,
    options: { serviceCIDRs: ["10.96.0.0/12"], nodePortRange: [30000, 32767] },
    authorize: async () => ({ allowed: true, reason: "" }),
    rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
    probeComponents: async () => [],
    ...overrides,
  };
}
