/**
 * Ids of guilds, channels, threads and users: unique across the world, realistic (17–19 digits), either
 * given explicitly or allocated for a creation time.
 */

import { isSnowflake, snowflakeBigFromTime, WORKER_COUNT } from "./snowflake.js";

/**
 * Entity ids use the last worker id (1023); message stores use workers 0..1022, so a thread created in
 * the same millisecond as a message never takes that message's id by accident.
 */
const ENTITY_INCREMENT_BASE = (WORKER_COUNT - 1) << 12;
const MAX_INCREMENT = 0x3fffff;

export class EntityIds {
  private readonly used = new Set<string>();
  private readonly nextIncrement = new Map<number, number>();

  /** Registers an explicit id (validated) or allocates a fresh one at `atMs`. */
  claim(explicit: string | undefined, atMs: number): string {
    if (explicit !== undefined) {
      if (!isSnowflake(explicit)) throw new Error(`id ${explicit} is not a 17-19 digit snowflake`);
      if (this.used.has(explicit)) throw new Error(`id ${explicit} is already used`);
      this.used.add(explicit);
      return explicit;
    }
    let ms = Math.floor(atMs);
    for (;;) {
      const increment = this.nextIncrement.get(ms) ?? ENTITY_INCREMENT_BASE;
      if (increment > MAX_INCREMENT) {
        ms++;
        continue;
      }
      this.nextIncrement.set(ms, increment + 1);
      const id = snowflakeBigFromTime(ms, increment).toString();
      if (this.used.has(id)) continue;
      this.used.add(id);
      return id;
    }
  }
}
