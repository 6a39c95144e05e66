/** RegistryServices for unit tests of resource hooks: nothing stored, everything allowed. */
import type { RegistryServices } from "../types.js";

export function fakeServices(overrides: Partial<RegistryServices> = {}): RegistryServices {
  return {
    getObject: async () => undefined,
    allocator: () => undefined,
    options: { serviceCIDRs: ["10.96.0.0/12"], nodePortRange: [30000, 32767] },
    authorize: async () => ({ allowed: true, reason: "" }),
    rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
    probeComponents: async () => [],
    ...overrides,
  };
}
