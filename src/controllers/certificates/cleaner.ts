/**
 * csrcleaner: deletes finished or abandoned requests after upstream's
 * retention: approved, denied or failed ones an hour after that decision,
 * pending ones after 24 hours, and issued ones whose certificate expired.
 * It looks at every request once an hour (and at start), as upstream.
 */
import { X509Certificate } from "node:crypto";
import { isApiError } from "../../api/errors.js";
import type { Controller } from "../../client/types.js";
import { runnerLogs, type ControllerContext } from "../context.js";
import { CSRS, conditionOf, type CSRObject } from "./csr-requests.js";

export const CSR_CLEANER = "csrcleaner";
const HOUR = 3600_000;
export const CSR_RETENTION = { approved: HOUR, denied: HOUR, failed: HOUR, pending: 24 * HOUR, polling: HOUR } as const;

/** Why a request is due for deletion at time now, or undefined. */
export function csrGarbageReason(csr: CSRObject, now: number): string | undefined {
  const older = (iso: string | undefined, ms: number) => iso !== undefined && Date.parse(iso) + ms < now;
  for (const [type, keep] of [["Approved", CSR_RETENTION.approved], ["Denied", CSR_RETENTION.denied], ["Failed", CSR_RETENTION.failed]] as const) {
    const c = conditionOf(csr, type);
    if (c && older(c.lastUpdateTime ?? c.lastTransitionTime, keep)) return `${type.toLowerCase()} more than ${keep / HOUR}h ago`;
  }
  const decided = ["Approved", "Denied", "Failed"].some((t) => conditionOf(csr, t));
  if (!decided && older(csr.metadata.creationTimestamp, CSR_RETENTION.pending)) return "pending for more than 24h";
  if (csr.status?.certificate) {
    try {
      const cert = new X509Certificate(Buffer.from(csr.status.certificate, "base64"));
      if (Date.parse(cert.validTo) < now) return "its certificate has expired";
    } catch {
      // An unreadable certificate is not ours to judge here.
    }
  }
  return undefined;
}

export function createCSRCleanerController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const csrs = ctx.informers.forResource<CSRObject>(CSRS);
  const logs = runnerLogs(ctx);

  async function sweep(): Promise<void> {
    const now = clock.now();
    for (const csr of csrs.lister.list()) {
      const why = csrGarbageReason(csr, now);
      if (!why) continue;
      ctx.log(2, `Cleaning CSR "${csr.metadata.name}" as it is ${why}.`);
      try {
        await client.delete(CSRS, undefined, csr.metadata.name!);
      } catch (err) {
        if (!isApiError(err, "NotFound")) logs.error(`unable to delete CSR "${csr.metadata.name}": ${(err as Error).message}`);
      }
    }
  }

  return {
    name: CSR_CLEANER,
    async run(signal) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await sweep();
      const ticker = clock.setInterval(() => void sweep().catch((err: unknown) => logs.error(String(err))), CSR_RETENTION.polling);
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      ticker.cancel();
    },
  };
}
