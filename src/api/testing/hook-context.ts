/** A HookContext for hook tests: fixed time, a user, no services. */
import { fakeServices } from "./fake-services.js";
import type { HookContext, UserInfo } from "../types.js";

export const TEST_NOW = Date.parse("2024-05-01T12:00:00Z");

export function testContext(user?: UserInfo): HookContext {
  return {
    now: TEST_NOW,
    user,
    dryRun: false,
    services: fakeServices(),
  };
}

/** Error strings as kubectl shows them: "field: Type: value: detail". */
export { fieldErrorMessage as message } from "../validation/field.js";
