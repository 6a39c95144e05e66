/** A HookContext for hook tests: fixed time, an optional user, services that store nothing. */
import { fakeServices } from "./fake-services.js";
import type { HookContext, RegistryServices, UserInfo } from "../types.js";

export const TEST_NOW = Date.parse("2024-05-01T12:00:00Z");

/** What a test may change; everything else is the fixed default. */
export interface TestContextOptions {
  /** Milliseconds since the epoch; TEST_NOW when absent. */
  now?: number;
  user?: UserInfo;
  dryRun?: boolean;
  /** Replaces single members of fakeServices(). */
  services?: Partial<RegistryServices>;
}

export function testContext(options: TestContextOptions = {}): HookContext {
  return {
    now: options.now ?? TEST_NOW,
    user: options.user,
    dryRun: options.dryRun ?? false,
    services: fakeServices(options.services),
  };
}

/** Error strings as kubectl shows them: "field: Type: value: detail". */
export { fieldErrorMessage as message } from "../validation/field.js";
