/**
 * The one entry to @peculiar/x509: installs the metadata shim it needs
 * before it loads and points it at Node's WebCrypto. Import x509 from here,
 * never from the package directly (ESM evaluates imports in order, so the
 * shim runs first).
 *
 * Loading the library costs ~100 ms, a tenth of Skiff's start-up budget, so
 * only code that creates certificates or parses CSRs loads it, lazily,
 * through loadX509() (load-x509.ts); reading certificates uses Node's own
 * X509Certificate.
 */
import "./reflect-metadata.js";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
