/**
 * One side of a MessagePort carrying the port transport's messages. A
 * message costs a structured clone and a cross-thread wake-up, so the
 * messages of one turn of the event loop travel together: one postMessage,
 * their byte payloads packed in one ArrayBuffer that is transferred, not
 * copied (a pooled Buffer would otherwise clone its whole 8 KiB pool).
 */
import type { MessagePort } from "node:worker_threads";

/** A message; `b` is its payload's [offset, length] in the batch's bytes. */
export interface PortMessage {
  t: string;
  b?: [number, number];
  [field: string]: unknown;
}

interface Batch {
  m: PortMessage[];
  bytes?: ArrayBuffer;
}

export class PortChannel {
  private queued: PortMessage[] = [];
  private payloads: Buffer[] = [];
  private payloadBytes = 0;
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    /** Called per message, with its payload as a view into the batch (empty when it has none). */
    onMessage: (msg: PortMessage, payload: Buffer) => void,
    onClose: () => void,
  ) {
    port.on("message", (batch: Batch) => {
      const bytes = batch.bytes;
      for (const msg of batch.m) onMessage(msg, msg.b && bytes ? Buffer.from(bytes, msg.b[0], msg.b[1]) : EMPTY);
    });
    port.once("close", () => {
      this.closed = true;
      onClose();
    });
  }

  send(msg: PortMessage, payload?: Buffer): void {
    if (this.closed) return;
    if (payload && payload.length) {
      msg.b = [this.payloadBytes, payload.length];
      this.payloads.push(payload);
      this.payloadBytes += payload.length;
    }
    this.queued.push(msg);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is queued now rather than at the end of this turn. */
  flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.queued.length === 0) return;
    const batch: Batch = { m: this.queued };
    let transfer: ArrayBuffer[] = [];
    if (this.payloadBytes > 0) {
      const bytes = new Uint8Array(this.payloadBytes);
      let at = 0;
      for (const p of this.payloads) {
        bytes.set(p, at);
        at += p.length;
      }
      batch.bytes = bytes.buffer;
      transfer = [bytes.buffer];
    }
    this.queued = [];
    this.payloads = [];
    this.payloadBytes = 0;
    this.port.postMessage(batch, transfer);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.port.close();
  }
}

const EMPTY = Buffer.alloc(0);
