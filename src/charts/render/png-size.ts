export interface PngSize {
  width: number;
  height: number;
}

/** What Discord shows well: 2:1, wide enough for a month of daily bars. */
export const DEFAULT_PNG_SIZE: Readonly<PngSize> = { width: 1200, height: 600 };
