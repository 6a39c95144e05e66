/** klog-style structured lines: `message key="value" key=3`, as upstream's structured logging prints them. */
export function kv(message: string, ...pairs: (string | number)[]): string {
  let out = message;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const v = pairs[i + 1];
    out += ` ${pairs[i]}=${typeof v === "number" ? v : JSON.stringify(v)}`;
  }
  return out;
}
