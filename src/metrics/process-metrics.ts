/**
 * The process_* metrics Go's process collector exports, where Node.js can
 * tell the same: CPU time, resident memory and start time. They describe
 * the process the component runs in (shared by every in-process component).
 */
import { Counter, Gauge, type Registry } from "prom-client";

export function registerProcessMetrics(registry: Registry): void {
  new Counter({
    name: "process_cpu_seconds_total",
    help: "Total user and system CPU time spent in seconds.",
    registers: [registry],
    collect() {
      const usage = process.cpuUsage();
      this.reset();
      this.inc((usage.user + usage.system) / 1e6);
    },
  });
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes.",
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: "process_start_time_seconds",
    help: "Start time of the process since unix epoch in seconds.",
    registers: [registry],
    collect() {
      // performance.timeOrigin is when this process started, in epoch milliseconds.
      this.set(Math.floor(performance.timeOrigin) / 1000);
    },
  });
}
