// A configuration may name a font family of its own (one written for the browser, say); on the server that would
// let a missing font fall back to whatever is installed. So every family named in the options is replaced by ours.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy of `value` in which every `family` inside a font object (font, titleFont, bodyFont, ...) is `family`. */
export function pinFontFamily<T>(value: T, family: string): T {
  return pin(value as Json, family, false) as T;
}

function pin(value: Json, family: string, inFont: boolean): Json {
  if (Array.isArray(value)) return value.map((item) => pin(item, family, inFont));
  if (value === null || typeof value !== "object") return value;
  const copy: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    if (inFont && key === "family") copy[key] = family;
    else copy[key] = pin(item, family, /font$/i.test(key));
  }
  return copy;
}
