/**
 * The kubelet's client certificate manager: renews the certificate at a
 * random point between 70% and 90% of its lifetime (upstream's jitter, so
 * a fleet does not renew at once), retrying with back-off on failure;
 * warns when the certificate is within 30 days of its end; reports its
 * remaining lifetime as kubelet_certificate_manager_client_ttl_seconds.
 */
import { X509Certificate } from "node:crypto";
import { Counter, Gauge, type Registry } from "prom-client";
import { sleepOn, type Clock } from "../util/clock.js";

export interface CertificatePair {
  certPem: string;
  keyPem: string;
}

export interface ClientCertificateManagerOptions {
  clock: Clock;
  initial: CertificatePair;
  /** Obtains a new certificate, authenticating with the current one. */
  renew(current: CertificatePair): Promise<CertificatePair>;
  /** Switches to the new certificate (saves it, rotates connections). */
  onRotated(next: CertificatePair): Promise<void>;
  log(level: number, message: string): void;
  warn(message: string): void;
  /** Where in the lifetime renewal happens; default a random point in [0.7, 0.9). */
  jitter?: () => number;
}

export const EXPIRY_WARNING_MS = 30 * 24 * 3600_000;
const RETRY_MIN_MS = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MAX_MS = 5 * 60_000;

export interface ClientCertificateManager {
  current(): CertificatePair;
  /** Adds the manager's metrics to a registry (the kubelet's /metrics). */
  registerMetrics(registry: Registry): void;
  /** Runs until signal aborts. */
  run(signal: AbortSignal): Promise<void>;
}

function lifetime(certPem: string): { notBefore: number; notAfter: number } {
  const c = new X509Certificate(certPem);
  return { notBefore: Date.parse(c.validFrom), notAfter: Date.parse(c.validTo) };
}

export function createClientCertificateManager(opts: ClientCertificateManagerOptions): ClientCertificateManager {
  const { clock } = opts;
  let pair = opts.initial;
  const jitter = opts.jitter ?? (() => 0.7 + 0.2 * Math.random());
  let renewErrors: Counter | undefined;
  let warned = false;
  const warnIfClose = () => {
    const left = lifetime(pair.certPem).notAfter - clock.now();
    if (left < EXPIRY_WARNING_MS && !warned) {
      warned = true;
      opts.warn(`client certificate expires in ${Math.max(0, Math.floor(left / 86_400_000))} days (${new Date(lifetime(pair.certPem).notAfter).toISOString()}); it is renewed before then`);
    }
  };

  return {
    current: () => pair,
    registerMetrics(registry) {
      new Gauge({
        name: "kubelet_certificate_manager_client_ttl_seconds",
        help: "[ALPHA] Gauge of the TTL (time-to-live) of the Kubelet's client certificate. The value is in seconds until certificate expiry (negative if already expired). If client certificate is invalid or unused, the value will be +INF.",
        registers: [registry],
        collect() {
          this.set((lifetime(pair.certPem).notAfter - clock.now()) / 1000);
        },
      });
      renewErrors = new Counter({ name: "kubelet_certificate_manager_client_expiration_renew_errors", help: "[ALPHA] Counter of certificate renewal errors.", registers: [registry] });
    },
    async run(signal) {
      let retry = RETRY_MIN_MS;
      // One rotation deadline per certificate.
      let planned: { certPem: string; deadline: number } | undefined;
      while (!signal.aborted) {
        warnIfClose();
        if (planned?.certPem !== pair.certPem) {
          const { notBefore, notAfter } = lifetime(pair.certPem);
          planned = { certPem: pair.certPem, deadline: notBefore + (notAfter - notBefore) * jitter() };
          opts.log(2, `Certificate expiration is ${new Date(notAfter).toISOString()}, rotation deadline is ${new Date(planned.deadline).toISOString()}`);
        }
        const wait = planned.deadline - clock.now();
        if (wait > 0) {
          try {
            // Timers hold at most 2^31-1 ms (24.8 days): sleep in steps and look again.
            await sleepOn(clock, Math.min(wait, MAX_TIMER_MS), signal);
          } catch {
            return; // aborted
          }
          if (wait > MAX_TIMER_MS) continue;
        }
        try {
          const next = await opts.renew(pair);
          await opts.onRotated(next);
          pair = next;
          warned = false;
          retry = RETRY_MIN_MS;
          opts.log(1, "Rotated the client certificate");
          // A certificate so short-lived that its deadline has already passed must not make renewals spin.
          try {
            await sleepOn(clock, RETRY_MIN_MS, signal);
          } catch {
            return;
          }
        } catch (err) {
          if (signal.aborted) return;
          renewErrors?.inc();
          opts.warn(`failed to rotate the client certificate: ${(err as Error).message}; retrying in ${retry / 1000}s`);
          try {
            await sleepOn(clock, retry, signal);
          } catch {
            return;
          }
          retry = Math.min(retry * 2, RETRY_MAX_MS);
        }
      }
    },
  };
}
