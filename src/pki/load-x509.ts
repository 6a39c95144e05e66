/** Lazy access to @peculiar/x509 (see x509-lib.ts for why it is lazy). */
import type { x509 } from "./x509-lib.js";

/** The @peculiar/x509 namespace. */
export type X509Lib = typeof x509;

let loading: Promise<X509Lib> | undefined;

/** Loads @peculiar/x509 on first use; later calls share the same module. */
export function loadX509(): Promise<X509Lib> {
  loading ??= import("./x509-lib.js").then((m) => m.x509);
  return loading;
}
