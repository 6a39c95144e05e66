/**
 * Run by sqlite.test.ts as a child process: opens the store in argv[2],
 * creates keys forever and prints "ack <key> <revision>" after each create
 * resolves, until the parent kills it with SIGKILL.
 */
import { openSqliteStore } from "./sqlite-store.js";

const store = openSqliteStore({ dataDir: process.argv[2]! });
for (let i = 0; ; i++) {
  const key = `/registry/durability/k${String(i).padStart(8, "0")}`;
  const kv = await store.create(key, JSON.stringify({ i }));
  process.stdout.write(`ack ${key} ${kv.modRevision}\n`);
}
