/** One RESULT line with its ratio to upstream (how many times better) and whether Skiff's goal is met. */
export function figure(name: string, value: number, unit: string, upstream?: number, goal?: number, higherIsBetter = true): void {
  const v = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  let line = `RESULT ${name}=${v} ${unit}`;
  if (upstream !== undefined) {
    const ratio = higherIsBetter ? value / upstream : upstream / value;
    line += `  ${ratio.toFixed(2)}x upstream (${upstream} ${unit})`;
  }
  if (goal !== undefined) line += `; goal ${higherIsBetter ? ">=" : "<"} ${goal} ${unit}: ${(higherIsBetter ? value >= goal : value < goal) ? "met" : "missed"}`;
  console.log(line);
}

/** The CPU the measured process used in a phase, and how many cores that is. */
export function cpuFigure(name: string, phase: { cpu: number; wall: number }, perItem?: { count: number; what: string }): void {
  let line = `RESULT ${name}.cpu=${phase.cpu.toFixed(2)} s in ${phase.wall.toFixed(2)} s wall (${(phase.cpu / phase.wall).toFixed(2)} cores)`;
  if (perItem) line += `, ${((1000 * phase.cpu) / perItem.count).toFixed(3)} ms per ${perItem.what}`;
  console.log(line);
}
