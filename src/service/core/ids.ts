import { randomBytes } from "node:crypto";

let lastTime = 0;
let counter = 0;

/**
 * A new id: `<prefix>_` + 10 base-36 digits of milliseconds + a per-process counter + 8 random hex
 * digits. Ids made later sort later (within one process), which the events outbox relies on.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now === lastTime) counter++;
  else {
    lastTime = now;
    counter = 0;
  }
  const time = now.toString(36).padStart(10, "0");
  const seq = counter.toString(36).padStart(4, "0");
  return `${prefix}_${time}${seq}${randomBytes(4).toString("hex")}`;
}
