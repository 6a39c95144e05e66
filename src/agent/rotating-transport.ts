/**
 * A Transport whose client certificate can be replaced while in use: new
 * requests go out with the new certificate, and the old connection is
 * closed (as the kubelet closes its connections on rotation), so watches
 * reconnect under the new identity.
 */
import { createHttpTransport } from "../client/http-transport.js";
import type { Transport } from "../client/types.js";

export interface RotatingTransport extends Transport {
  rotate(certPem: string, keyPem: string): Promise<void>;
}

export function createRotatingTransport(server: string, caPem: string, certPem: string, keyPem: string): RotatingTransport {
  let current = createHttpTransport({ server, caPem, certPem, keyPem });
  return {
    request: (req) => current.request(req),
    stream: (req, onChunk, onEnd, onEvent) => current.stream(req, onChunk, onEnd, onEvent),
    close: () => current.close(),
    async rotate(newCert, newKey) {
      const old = current;
      current = createHttpTransport({ server, caPem, certPem: newCert, keyPem: newKey });
      await old.close();
    },
  };
}
