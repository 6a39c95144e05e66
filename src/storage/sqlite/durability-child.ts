/**
 * Run by sqlite.test.ts as a child process: opens the store in argv[2] and,
 * from argv[3] concurrent writers (default 1), creates keys and updates one
 * counter key per writer forever, printing "ack <key> <revision>" after
 * each write resolves, until the parent kills it with SIGKILL. Concurrent
 * writers put many writes into each commit.
 */
import { openSqliteStore } from "./sqlite-store.js";

const store = openSqliteStore({ dataDir: process.argv[2]! });
const writers = Number(process.argv[3] ?? 1);

async function writer(w: number): Promise<never> {
  const counter = `/registry/durability/counter-${w}`;
  for (let i = 0; ; i++) {
    const key = `/registry/durability/w${w}-k${String(i).padStart(8, "0")}`;
    const kv = await store.create(key, JSON.stringify({ w, i }));
    process.stdout.write(`ack ${key} ${kv.modRevision}\n`);
    if (writers > 1) {
      const { kv: c } = await store.guaranteedUpdate(counter, (cur) => String(Number(cur?.value ?? 0) + 1), { allowCreate: true });
      process.stdout.write(`ack ${counter} ${c.modRevision}\n`);
    }
  }
}

await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
