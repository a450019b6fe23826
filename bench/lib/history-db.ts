/**
 * A database holding years of history for one guild, written directly (the real migrations, then inserts of the
 * rows a count would have written): counting millions of messages through the fake would take an hour, and the
 * dashboard only reads these tables. The rows are shaped like a busy community's:
 * - text channels in categories with a long tail of activity (channel i gets about `peak / (i / 4 + 1)` messages on
 *   a day at the end of the history, fewer back then: the guild grew), busier weekends, days without messages in the
 *   quiet ones; about 10 % bots;
 * - forums whose posts are threads, each active for the month after it was opened;
 * - the human authors of each channel and day, drawn from the members with a skew (a few write most), as many as a
 *   chat of that size has (count^0.75);
 * - a member sample every 15 minutes, members growing over the years, online following the time of day.
 */
import { mulberry32, type Rng } from "../../fake-discord/rng.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import { toDayKey, toSnowflakeKey } from "../../src/store/daily-keys.js";
import type { Store } from "../../src/store/open.js";

const DAY_MS = 86_400_000;

export interface HistorySpec {
  guildId: string;
  days: number;
  /** Last day of the history (UTC, YYYY-MM-DD): the exporter's today. */
  until: string;
  textChannels: number;
  forums: number;
  postsPerForum: number;
  /** Messages on a day in the busiest channel at the end of the history. */
  peak: number;
  members: number;
  sampleEveryMs: number;
}

export interface BuiltHistory {
  channels: number;
  threads: number;
  messages: number;
  dailyMessageRows: number;
  dailyAuthorRows: number;
  memberSamples: number;
}

/** A Poisson draw: Knuth's method for small means, a rounded normal for large ones. */
function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function writeHistory(store: Store, spec: HistorySpec): BuiltHistory {
  const rng = mulberry32(20_260_316);
  const { sqlite } = store;
  const lastDayMs = Date.parse(`${spec.until}T00:00:00Z`);
  const firstDayMs = lastDayMs - (spec.days - 1) * DAY_MS;
  const built: BuiltHistory = {
    channels: 0,
    threads: 0,
    messages: 0,
    dailyMessageRows: 0,
    dailyAuthorRows: 0,
    memberSamples: 0,
  };
  const insertChannel = sqlite.prepare(
    `INSERT INTO channels (id, guild_id, parent_id, type, name, position, state, human_messages, bot_messages,
       last_seen_id, checked_message_id, backfill_done, last_message_id, first_seen_at, updated_at)
     VALUES (@id, @guildId, @parentId, @type, @name, @position, 'ready', @human, @bot, @last, @last, 1, @last, 0, 0)`,
  );
  const setTotals = sqlite.prepare("UPDATE channels SET human_messages = ?, bot_messages = ? WHERE key = ?");
  /** A channel row first (its key names its daily rows), then its days, then its totals. */
  const insertCounted = (
    row: { id: string; parentId: string; type: number; name: string; position: number; last: string },
    write: (channelKey: number) => { human: number; bot: number },
  ) => {
    const key = Number(insertChannel.run({ ...row, guildId: spec.guildId, human: 0, bot: 0 }).lastInsertRowid);
    const totals = write(key);
    setTotals.run(totals.human, totals.bot, key);
  };
  const insertDay = sqlite.prepare(
    "INSERT INTO daily_messages (channel_key, day, human_messages, bot_messages) VALUES (?, ?, ?, ?)",
  );
  const insertAuthor = sqlite.prepare(
    "INSERT OR IGNORE INTO daily_authors (channel_key, day, author_id) VALUES (?, ?, ?)",
  );
  const insertSample = sqlite.prepare("INSERT INTO member_samples VALUES (?, ?, ?, ?)");
  let nextId = 0;
  // Ids created at a moment: a channel's id says when it was made (backfill progress reads it).
  const idAt = (ms: number) => (BigInt(snowflakeAt(ms)) + BigInt(++nextId)).toString();
  const author = () => {
    const u = rng();
    return (1_000_000_000_000_000 + Math.floor(u * u * spec.members)).toString();
  };

  /** One channel's (or thread's) days between two times, `mean(dayIndex)` messages a day on average. */
  const writeDays = (channelKey: number, fromMs: number, toMs: number, mean: (dayMs: number) => number) => {
    let human = 0;
    let bot = 0;
    for (let ms = fromMs; ms <= toMs; ms += DAY_MS) {
      const count = poisson(rng, mean(ms));
      if (count === 0) continue;
      const bots = poisson(rng, count * 0.1);
      const people = Math.max(0, count - bots);
      const day = toDayKey(dayText(ms));
      insertDay.run(channelKey, day, people, count - people);
      built.dailyMessageRows++;
      const authors = Math.min(people, Math.ceil(people ** 0.75));
      for (let a = 0; a < authors; a++) insertAuthor.run(channelKey, day, toSnowflakeKey(author()));
      built.dailyAuthorRows += authors;
      human += people;
      bot += count - people;
    }
    built.messages += human + bot;
    return { human, bot };
  };
  const growth = (ms: number) => 0.3 + (0.7 * (ms - firstDayMs)) / (lastDayMs - firstDayMs);
  const weekly = (ms: number) => ([0, 6].includes(new Date(ms).getUTCDay()) ? 1.3 : 0.9);

  sqlite.transaction(() => {
    sqlite
      .prepare(
        "INSERT INTO guilds (id, name, member_count, presence_count, status, last_sync_at, last_success_at) VALUES (?, ?, ?, ?, 'ok', ?, ?)",
      )
      .run(spec.guildId, "原神 日本 コミュニティ", spec.members, Math.round(spec.members * 0.12), lastDayMs, lastDayMs);
    const createdMs = firstDayMs - DAY_MS;
    const categories = Array.from({ length: 10 }, (_, i) => {
      const id = idAt(createdMs);
      insertChannel.run({
        id,
        guildId: spec.guildId,
        parentId: null,
        type: 4,
        name: `カテゴリ ${i + 1}`,
        position: i,
        human: 0,
        bot: 0,
        last: null,
      });
      return id;
    });
    for (let i = 0; i < spec.textChannels; i++) {
      const scale = spec.peak / (i / 4 + 1);
      insertCounted(
        {
          id: idAt(createdMs),
          parentId: categories[i % categories.length]!,
          type: 0,
          name: i === 0 ? "雑談" : `チャンネル-${i}`,
          position: i,
          last: snowflakeAt(lastDayMs + DAY_MS - 1),
        },
        (key) => writeDays(key, firstDayMs, lastDayMs, (ms) => scale * growth(ms) * weekly(ms)),
      );
      built.channels++;
    }
    for (let f = 0; f < spec.forums; f++) {
      const forum = idAt(createdMs);
      insertChannel.run({
        id: forum,
        guildId: spec.guildId,
        parentId: categories[f % categories.length]!,
        type: 15,
        name: `フォーラム-${f}`,
        position: 300 + f,
        human: 0,
        bot: 0,
        last: null,
      });
      built.channels++;
      for (let p = 0; p < spec.postsPerForum; p++) {
        const openedMs = firstDayMs + Math.floor(rng() * spec.days) * DAY_MS;
        const endMs = Math.min(lastDayMs, openedMs + 30 * DAY_MS);
        insertCounted(
          {
            id: idAt(openedMs),
            parentId: forum,
            type: 11,
            name: `質問 ${f}-${p}`,
            position: 0,
            last: snowflakeAt(endMs),
          },
          (key) => writeDays(key, openedMs, endMs, (ms) => 8 * Math.exp(-(ms - openedMs) / (7 * DAY_MS))),
        );
        built.threads++;
      }
    }
    for (let ms = firstDayMs; ms < lastDayMs + DAY_MS; ms += spec.sampleEveryMs) {
      const members = Math.round(spec.members * growth(ms) + (rng() - 0.5) * 20);
      const hour = new Date(ms).getUTCHours();
      // Japan's evening (UTC+9) is the busiest time.
      const evening = 0.5 + 0.5 * Math.cos(((hour + 9 - 21) / 24) * 2 * Math.PI);
      insertSample.run(spec.guildId, ms, members, Math.round(members * (0.05 + 0.12 * evening)));
      built.memberSamples++;
    }
  })();
  store.noteWrite();
  return built;
}
