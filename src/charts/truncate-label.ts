// Channel names can be long and hold emoji made of several code points (🎮, 🇯🇵, 👨‍👩‍👧): cut by grapheme, never
// inside one, so a label never ends in half an emoji.

// Made on first use, not when the module loads: serve loads the chart modules at start, and a segmenter pages in
// ICU's break data (~2.5 MB resident) that a process drawing no chart never needs.
let segmenter: Intl.Segmenter | null = null;

/** The text, or its first `max - 1` graphemes and "…" when it has more than `max`. */
export function truncateLabel(text: string, max: number): string {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const graphemes = Array.from(segmenter.segment(text), (s) => s.segment);
  return graphemes.length <= max ? text : `${graphemes.slice(0, max - 1).join("")}…`;
}
