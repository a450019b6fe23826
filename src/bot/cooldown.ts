/**
 * A per-user cooldown: one chart at a time per person is plenty, and a burst from one user must not fill the render
 * queue for everyone. Pure apart from the injected clock.
 */
export interface Cooldown {
  /** null when the user may go ahead (and the cooldown starts now), else the whole seconds to wait. */
  take(userId: string): number | null;
}

export function createCooldown(options: { ms: number; clock: () => number; maxUsers?: number }): Cooldown {
  const lastUse = new Map<string, number>();
  const maxUsers = options.maxUsers ?? 10_000;
  return {
    take(userId) {
      const now = options.clock();
      const last = lastUse.get(userId);
      if (last !== undefined && now - last < options.ms)
        return Math.max(1, Math.ceil((last + options.ms - now) / 1000));
      lastUse.delete(userId);
      lastUse.set(userId, now);
      // Oldest first (insertion order): forget users whose cooldown is long over, so the map stays bounded.
      if (lastUse.size > maxUsers) {
        for (const [user, at] of lastUse) {
          if (lastUse.size <= maxUsers && now - at < options.ms) break;
          lastUse.delete(user);
        }
      }
      return null;
    },
  };
}
