import { describe, expect, it } from "vitest";
import { parseSmapsByName } from "../../bench/lib/smaps.js";

const SMAPS = `55d0a0000000-55d0a1000000 r-xp 00000000 08:01 1234                       /usr/bin/node
Size:              16384 kB
Rss:                2048 kB
Pss:                2048 kB
55d0a1000000-55d0a1100000 r--p 01000000 08:01 1234                       /usr/bin/node
Rss:                 512 kB
7f0000000000-7f0000400000 rw-p 00000000 00:00 0
Rss:                3072 kB
55d0a2000000-55d0a2100000 rw-p 00000000 00:00 0                          [heap]
Rss:                1024 kB
7f0001000000-7f0001100000 r--s 00000000 08:01 99                         /fonts/Noto Sans JP.ttf
Rss:                 100 kB
`;

describe("parseSmapsByName", () => {
  it("sums each mapping's Rss by name, names kept whole, unnamed ones as anonymous, largest first", () => {
    expect(parseSmapsByName(SMAPS)).toEqual([
      { name: "anonymous", rssBytes: 3072 * 1024 },
      { name: "/usr/bin/node", rssBytes: 2560 * 1024 },
      { name: "[heap]", rssBytes: 1024 * 1024 },
      { name: "/fonts/Noto Sans JP.ttf", rssBytes: 100 * 1024 },
    ]);
  });
});
