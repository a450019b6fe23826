/**
 * The first count's floor from the data alone: the pages the history needs, at Discord's largest page, divided by
 * the rate limits. Not from the requests the exporter made: a wasted request on the busiest channel would raise such
 * a floor and hide itself. Pure.
 */

/** Discord's largest message page (and the fake's: fake-discord/handlers.ts caps `limit` at 100). */
export const MAX_PAGE = 100;

/**
 * Requests a walk over a channel of `messages` needs: the full pages, then the short one that shows the start was
 * reached (empty when `messages` is a multiple of the page size, since a full page cannot tell).
 */
export function pagesToWalk(messages: number): number {
  return Math.floor(messages / MAX_PAGE) + 1;
}

export interface CountFloor {
  /** The channel that needs the most pages, and how many. */
  busiestChannelId: string;
  busiestPages: number;
  /** Pages every channel needs together (the global limit's share). */
  allPages: number;
}

export function countFloor(channels: ReadonlyArray<{ id: string; messages: number }>): CountFloor {
  let busiest = { id: "", pages: 0 };
  let allPages = 0;
  for (const channel of channels) {
    const pages = pagesToWalk(channel.messages);
    allPages += pages;
    if (pages > busiest.pages) busiest = { id: channel.id, pages };
  }
  return { busiestChannelId: busiest.id, busiestPages: busiest.pages, allPages };
}
