/** Channel exclusion by id or name (case-insensitive, leading # ignored). Excluding a category or a channel
 * excludes everything under it: its channels and their threads. */
export interface ExclusionTarget {
  id: string;
  name: string;
  parentId: string | null;
}

export type ExclusionCheck = (channel: ExclusionTarget, lookup: (id: string) => ExclusionTarget | undefined) => boolean;

export function createExclusionCheck(entries: readonly string[]): ExclusionCheck {
  const keys = new Set(entries.map(normalise).filter((key) => key.length > 0));
  const matches = (channel: ExclusionTarget) => keys.has(channel.id) || keys.has(normalise(channel.name));
  return (channel, lookup) => {
    if (keys.size === 0) return false;
    let current: ExclusionTarget | undefined = channel;
    // Walk up at most thread → channel → category; the bound also guards against a cycle in bad data.
    for (let depth = 0; current && depth < 3; depth++) {
      if (matches(current)) return true;
      current = current.parentId ? lookup(current.parentId) : undefined;
    }
    return false;
  };
}

function normalise(value: string): string {
  return value.trim().replace(/^#/, "").toLowerCase();
}
