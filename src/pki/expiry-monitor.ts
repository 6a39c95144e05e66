/**
 * Watches a PKI directory's certificates on behalf of a running component:
 * /metrics shows each one's end as skiff_certificate_expiration_timestamp_seconds{name}
 * (read at every scrape, so a renewal shows at once), and a warning is
 * logged at start and once a day for every certificate within 30 days of
 * its end (or past it), naming the command that renews it.
 */
import { Gauge, type Registry } from "prom-client";
import type { Clock } from "../util/clock.js";
import { certificateExpirations, formatExpiry } from "./expiration.js";

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ExpiryMonitorOptions {
  dir: string;
  clock: Clock;
  registry: Registry;
  warn(message: string): void;
}

/** Warnings for the certificates of dir that end within 30 days of now (one per certificate). */
export async function expiryWarnings(dir: string, clock: Clock): Promise<string[]> {
  const out: string[] = [];
  for (const c of await certificateExpirations(dir, clock)) {
    if (c.residualMs >= EXPIRY_WARNING_DAYS * DAY_MS) continue;
    const how = c.isCA ? "a new CA must be distributed to every client" : `renew it with "skiff certs renew ${c.name}"`;
    out.push(
      c.residualMs <= 0
        ? `certificate ${c.name} has expired (${formatExpiry(c.notAfter)}); ${how}`
        : `certificate ${c.name} expires in ${Math.floor(c.residualMs / DAY_MS)} days (${formatExpiry(c.notAfter)}); ${how}`,
    );
  }
  return out;
}

export async function monitorCertificateExpiry(opts: ExpiryMonitorOptions): Promise<{ stop(): void }> {
  const { dir, clock } = opts;
  new Gauge({
    name: "skiff_certificate_expiration_timestamp_seconds",
    help: "[ALPHA] The time (seconds since the epoch) at which each certificate of the cluster's PKI directory expires.",
    labelNames: ["name"],
    registers: [opts.registry],
    async collect() {
      this.reset();
      for (const c of await certificateExpirations(dir, clock).catch(() => [])) this.set({ name: c.name }, c.notAfter.getTime() / 1000);
    },
  });
  const check = async () => {
    for (const w of await expiryWarnings(dir, clock)) opts.warn(w);
  };
  await check();
  const timer = clock.setInterval(() => void check().catch((err: unknown) => opts.warn(`cannot check certificate expiry: ${(err as Error).message}`)), DAY_MS);
  return { stop: () => timer.cancel() };
}
