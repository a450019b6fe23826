// Channel names can be long and hold emoji made of several code points (🎮, 🇯🇵, 👨‍👩‍👧): cut by grapheme, never
// inside one, so a label never ends in half an emoji.

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The text, or its first `max - 1` graphemes and "…" when it has more than `max`. */
export function truncateLabel(text: string, max: number): string {
  const graphemes = Array.from(segmenter.segment(text), (s) => s.segment);
  return graphemes.length <= max ? text : `${graphemes.slice(0, max - 1).join("")}…`;
}
