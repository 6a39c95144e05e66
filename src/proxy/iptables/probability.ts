/**
 * The --probability of the i-th of n endpoint rules, 1/(n-i), printed as
 * upstream prints it: Go's %0.10f, which rounds the exact binary value
 * half to even (JavaScript's toFixed rounds ties up: 1/2048 differs).
 */
const cache: string[] = [];

export function probability(n: number): string {
  let s = cache[n];
  if (s === undefined) cache[n] = s = formatFixed10(1 / n);
  return s;
}

/** %0.10f of a value in [0, 1]. */
export function formatFixed10(x: number): string {
  // toFixed(60) is the exact decimal expansion far enough to see a tie.
  const exact = x.toFixed(60);
  const dot = exact.indexOf(".");
  const head = exact.slice(0, dot + 11);
  const rest = exact.slice(dot + 11);
  const tie = /^50*$/.test(rest);
  const up = rest[0] > "5" || (rest[0] === "5" && !tie) || (tie && Number(head[head.length - 1]) % 2 === 1);
  if (!up) return head;
  return (Number(head.replace(".", "")) + 1).toString().padStart(head.length - 1, "0").replace(/^(\d+)(\d{10})$/, "$1.$2");
}
