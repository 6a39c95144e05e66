/**
 * /healthz, /livez and /readyz of a component's secure port, in the API
 * server's format: "ok", or the failed checks then "<endpoint> check
 * failed"; ?verbose lists every check; /healthz/<check> runs one.
 */

/** Named checks; each resolves when healthy and throws (or rejects) when not. */
export type HealthChecks = Record<string, () => void | Promise<void>>;

export async function healthResponse(endpoint: string, checks: HealthChecks, only: string | undefined, verbose: boolean): Promise<{ status: number; body: string }> {
  const names = Object.keys(checks).filter((n) => only === undefined || n === only);
  if (only !== undefined && names.length === 0) return { status: 404, body: "404 page not found\n" };
  const lines: string[] = [];
  let ok = true;
  for (const name of names) {
    try {
      await checks[name]();
      lines.push(`[+]${name} ok`);
    } catch {
      ok = false;
      lines.push(`[-]${name} failed: reason withheld`);
    }
  }
  if (ok && !verbose) return { status: 200, body: "ok" };
  return { status: ok ? 200 : 500, body: `${lines.join("\n")}\n${endpoint} check ${ok ? "passed" : "failed"}\n` };
}
