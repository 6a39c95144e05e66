/**
 * Admission metrics under upstream's names and labels (apiserver's
 * admission/metrics): the latency of each plugin
 * (apiserver_admission_controller_admission_duration_seconds) and of each
 * phase of the whole chain (apiserver_admission_step_admission_duration_seconds),
 * by type (admit or validate), operation and whether it refused. Durations
 * come from the server's clock.
 *
 * Every write goes through every plugin, so the measuring is the chain's
 * own loop (no wrapper per plugin), one clock reading per plugin (one's end
 * is the next one's start), and each label set is bound once to its series.
 */
import { Histogram, type Registry } from "prom-client";
import { help } from "../../metrics/index.js";
import type { Clock } from "../../util/clock.js";
import type { AdmissionAttributes, AdmissionChain, AdmissionOperation, AdmissionPlugin } from "./types.js";

const BUCKETS = [0.005, 0.025, 0.1, 0.5, 1.0, 2.5];
type Phase = "admit" | "validate";
type Observer = { observe(seconds: number): void };

/** The series of one label set without operation and rejected, bound per operation and outcome on first use. */
class BoundSeries {
  private readonly byOperation = new Map<AdmissionOperation, [Observer | undefined, Observer | undefined]>();

  constructor(
    private readonly histogram: Histogram<string>,
    private readonly labels: (operation: AdmissionOperation, rejected: string) => Record<string, string>,
  ) {}

  observe(operation: AdmissionOperation, rejected: boolean, seconds: number): void {
    let pair = this.byOperation.get(operation);
    if (!pair) this.byOperation.set(operation, (pair = [undefined, undefined]));
    const i = rejected ? 1 : 0;
    // prom-client's child keeps the label object; the series itself appears at its first observation, as before.
    (pair[i] ??= this.histogram.labels(this.labels(operation, String(rejected)))).observe(seconds);
  }
}

interface Step {
  run: (a: AdmissionAttributes) => Promise<void>;
  series: BoundSeries;
}

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

  /** The chain of plugins (in order) with each plugin's phases measured under its name, and each phase as one step. */
  chain(plugins: readonly AdmissionPlugin[]): AdmissionChain {
    return { admit: this.phase("admit", plugins), validate: this.phase("validate", plugins) };
  }

  private phase(type: Phase, plugins: readonly AdmissionPlugin[]): (a: AdmissionAttributes) => Promise<void> {
    const steps: Step[] = [];
    for (const p of plugins) {
      const fn = p[type];
      if (!fn) continue;
      const name = p.name;
      steps.push({ run: fn.bind(p), series: new BoundSeries(this.controller, (operation, rejected) => ({ name, type, operation, rejected })) });
    }
    const whole = new BoundSeries(this.step, (operation, rejected) => ({ type, operation, rejected }));
    const clock = this.clock;
    return async (a) => {
      const operation = a.operation;
      const start = clock.now();
      let t = start;
      let i = 0;
      try {
        for (; i < steps.length; i++) {
          await steps[i]!.run(a);
          const end = clock.now();
          steps[i]!.series.observe(operation, false, (end - t) / 1000);
          t = end;
        }
      } catch (err) {
        const end = clock.now();
        if (i < steps.length) steps[i]!.series.observe(operation, true, (end - t) / 1000);
        whole.observe(operation, true, (end - start) / 1000);
        throw err;
      }
      whole.observe(operation, false, (clock.now() - start) / 1000);
    };
  }
}
