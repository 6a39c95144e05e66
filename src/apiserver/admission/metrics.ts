/**
 * Admission metrics under upstream's names and labels (apiserver's
 * admission/metrics): the latency of each plugin
 * (apiserver_admission_controller_admission_duration_seconds) and of each
 * phase of the whole chain (apiserver_admission_step_admission_duration_seconds),
 * by type (admit or validate), operation and whether it refused. Durations
 * come from the server's clock.
 */
import { Histogram, type Registry } from "prom-client";
import { help } from "../../metrics/index.js";
import type { Clock } from "../../util/clock.js";
import type { AdmissionAttributes, AdmissionChain, AdmissionPlugin } from "./types.js";

const BUCKETS = [0.005, 0.025, 0.1, 0.5, 1.0, 2.5];
type Phase = "admit" | "validate";

export class AdmissionMetrics {
  private readonly controller: Histogram<"name" | "type" | "operation" | "rejected">;
  private readonly step: Histogram<"type" | "operation" | "rejected">;

  constructor(
    registry: Registry,
    private readonly clock: Clock,
  ) {
    this.controller = new Histogram({
      name: "apiserver_admission_controller_admission_duration_seconds",
      help: help("STABLE", "Admission controller latency histogram in seconds, identified by name and broken out for each operation and API resource and type (validate or admit)."),
      labelNames: ["name", "type", "operation", "rejected"],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.step = new Histogram({
      name: "apiserver_admission_step_admission_duration_seconds",
      help: help("STABLE", "Admission sub-step latency histogram in seconds, broken out for each operation and API resource and step type (validate or admit)."),
      labelNames: ["type", "operation", "rejected"],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /** Runs fn, observing its duration and whether it threw. */
  private async timed(fn: () => Promise<void>, observe: (seconds: number, rejected: boolean) => void): Promise<void> {
    const start = this.clock.now();
    try {
      await fn();
    } catch (err) {
      observe((this.clock.now() - start) / 1000, true);
      throw err;
    }
    observe((this.clock.now() - start) / 1000, false);
  }

  /** The plugin with each of its phases measured under its name. */
  plugin(p: AdmissionPlugin): AdmissionPlugin {
    const measure = (type: Phase, fn: (a: AdmissionAttributes) => Promise<void>) => (a: AdmissionAttributes) =>
      this.timed(() => fn(a), (s, rejected) => this.controller.observe({ name: p.name, type, operation: a.operation, rejected: String(rejected) }, s));
    return { name: p.name, admit: p.admit && measure("admit", p.admit.bind(p)), validate: p.validate && measure("validate", p.validate.bind(p)) };
  }

  /** The chain with each phase measured as one step. */
  chain(c: AdmissionChain): AdmissionChain {
    const measure = (type: Phase, fn: (a: AdmissionAttributes) => Promise<void>) => (a: AdmissionAttributes) =>
      this.timed(() => fn(a), (s, rejected) => this.step.observe({ type, operation: a.operation, rejected: String(rejected) }, s));
    return { admit: measure("admit", c.admit.bind(c)), validate: measure("validate", c.validate.bind(c)) };
  }
}
