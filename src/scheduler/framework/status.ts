/**
 * The outcome of a plugin at an extension point, as upstream's
 * framework.Status: a code, the reasons users read in FailedScheduling
 * messages, and the plugin that produced it.
 */

export enum Code {
  Success = 0,
  /** An internal failure; the pod goes to the back-off queue. */
  Error = 1,
  /** The pod does not fit now; preemption may help. */
  Unschedulable = 2,
  /** The pod does not fit and preemption on this node cannot help. */
  UnschedulableAndUnresolvable = 3,
  /** Permit only: hold the pod until allowed or timed out. */
  Wait = 4,
  /** PreFilter/PreScore: this plugin has nothing to say about the pod; skip its Filter/Score. */
  Skip = 5,
}

const CODE_NAMES = ["Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip"];

export class Status {
  /** The plugin that returned this status, set by the framework. */
  plugin = "";

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    readonly error?: Error,
  ) {}

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  /** The reasons joined by ", " as upstream's Status.Message(). */
  message(): string {
    if (this.reasons.length === 0 && this.error) return this.error.message;
    return this.reasons.join(", ");
  }

  codeName(): string {
    return CODE_NAMES[this.code] ?? String(this.code);
  }

  withPlugin(plugin: string): Status {
    if (this === SUCCESS || this === SKIP) return this;
    this.plugin = plugin;
    return this;
  }
}

/** Shared success and skip statuses: the hot path allocates nothing for a passing node. */
export const SUCCESS = new Status(Code.Success);
export const SKIP = new Status(Code.Skip);

export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

export function asStatus(err: unknown): Status {
  const e = err instanceof Error ? err : new Error(String(err));
  return new Status(Code.Error, [e.message], e);
}
