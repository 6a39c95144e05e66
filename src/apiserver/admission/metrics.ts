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
 * is the next one's start), and each label set's series is a holder of plain numbers, found once.
 */
import type { Registry } from "prom-client";
import { HistogramFamily, type HistogramHolder } from "../../metrics/histogram-family.js";
import { help } from "../../metrics/index.js";
import type { Clock } from "../../util/clock.js";
import type { AdmissionAttributes, AdmissionChain, AdmissionOperation, AdmissionPlugin } from "./types.js";

const BUCKETS = [0.005, 0.025, 0.1, 0.5, 1.0, 2.5];
type Phase = "admit" | "validate";

/** The series of one plugin (or step) and type, held per operation and outcome once first used. */
class BoundSeries {
  private readonly byOperation = new Map<AdmissionOperation, [HistogramHolder | undefined, HistogramHolder | undefined]>();

  constructor(
    private readonly family: HistogramFamily<string>,
    private readonly labels: (operation: AdmissionOperation, rejected: string) => Record<string, string>,
  ) {}

  observe(operation: AdmissionOperation, rejected: boolean, seconds: number): void {
    let pair = this.byOperation.get(operation);
    if (!pair) this.byOperation.set(operation, (pair = [undefined, undefined]));
    const i = rejected ? 1 : 0;
    (pair[i] ??= this.family.holder(this.labels(operation, String(rejected)))).observe(seconds);
  }
}

interface Step {
  run: (a: AdmissionAttributes) => Promise<void>;
  handles?: (a: AdmissionAttributes) => boolean;
  series: BoundSeries;
}

export class AdmissionMetrics {
  private readonly controller: HistogramFamily<"name" | "type" | "operation" | "rejected">;
  private readonly step: HistogramFamily<"type" | "operation" | "rejected">;

  constructor(
    registry: Registry,
    private readonly clock: Clock,
  ) {
    this.controller = new HistogramFamily(
      registry,
      "apiserver_admission_controller_admission_duration_seconds",
      help("STABLE", "Admission controller latency histogram in seconds, identified by name and broken out for each operation and API resource and type (validate or admit)."),
      ["name", "type", "operation", "rejected"],
      BUCKETS,
    );
    this.step = new HistogramFamily(
      registry,
      "apiserver_admission_step_admission_duration_seconds",
      help("STABLE", "Admission sub-step latency histogram in seconds, broken out for each operation and API resource and step type (validate or admit)."),
      ["type", "operation", "rejected"],
      BUCKETS,
    );
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
      steps.push({ run: fn.bind(p), handles: p.handles?.bind(p), series: new BoundSeries(this.controller, (operation, rejected) => ({ name, type, operation, rejected })) });
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
          const step = steps[i]!;
          // A plugin with nothing to do is not called: no promise to wait for, nothing spent.
          if (step.handles && !step.handles(a)) {
            step.series.observe(operation, false, 0);
            continue;
          }
          await step.run(a);
          const end = clock.now();
          step.series.observe(operation, false, (end - t) / 1000);
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
