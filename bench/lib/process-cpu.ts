/** CPU seconds used by a local process (all its threads), from /proc, to split a run into phases. */
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function threadCount(pid: number): number {
  const m = /Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/** Marks phases: each mark returns the CPU seconds and wall seconds since the previous one. */
export function phaseMeter(pid: number): () => { cpu: number; wall: number } {
  let cpu = cpuSeconds(pid);
  let wall = performance.now();
  return () => {
    const c = cpuSeconds(pid);
    const w = performance.now();
    const out = { cpu: c - cpu, wall: (w - wall) / 1000 };
    cpu = c;
    wall = w;
    return out;
  };
}
