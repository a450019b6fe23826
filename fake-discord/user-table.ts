/**
 * All users of the world, addressed by a dense index so message stores can keep authors in a Uint32Array,
 * with a parallel byte array of "is a bot" for fast counting.
 */

import type { UserRecord } from "./world-types.js";

export class UserTable {
  private readonly users: UserRecord[] = [];
  private readonly indexById = new Map<string, number>();
  private botFlags = new Uint8Array(64);

  add(user: UserRecord): number {
    if (this.indexById.has(user.id)) throw new Error(`user ${user.id} already exists`);
    const index = this.users.length;
    this.users.push(user);
    this.indexById.set(user.id, index);
    if (index >= this.botFlags.length) {
      const grown = new Uint8Array(this.botFlags.length * 2);
      grown.set(this.botFlags);
      this.botFlags = grown;
    }
    this.botFlags[index] = user.bot ? 1 : 0;
    return index;
  }

  at(index: number): UserRecord {
    const user = this.users[index];
    if (user === undefined) throw new RangeError(`no user #${index}`);
    return user;
  }

  byId(id: string): UserRecord | undefined {
    const index = this.indexById.get(id);
    return index === undefined ? undefined : this.users[index];
  }

  requireIndex(id: string): number {
    const index = this.indexById.get(id);
    if (index === undefined) throw new Error(`unknown user ${id}`);
    return index;
  }

  /** isBot[index] === 1 for bots (a live view: re-read it after adding users). */
  get isBot(): Uint8Array {
    return this.botFlags;
  }
}
