// Reading pixels back from what the renderer drew, for tests.
import { createHash } from "node:crypto";
import { type Canvas, createCanvas, loadImage } from "@napi-rs/canvas";

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export async function decodePng(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

export function canvasPixels(canvas: Canvas): Pixels {
  const { width, height } = canvas;
  return { width, height, data: canvas.getContext("2d").getImageData(0, 0, width, height).data };
}

export function pixelAt(p: Pixels, x: number, y: number): [number, number, number, number] {
  const i = (y * p.width + x) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!, p.data[i + 3]!];
}

export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Pixels in the area whose colour is far from grey: max - min channel above `chroma` (text and grids are grey). */
export function colourfulPixels(p: Pixels, area: Area, chroma = 60): number {
  let count = 0;
  for (let y = Math.max(0, Math.floor(area.top)); y < Math.min(p.height, area.bottom); y++) {
    for (let x = Math.max(0, Math.floor(area.left)); x < Math.min(p.width, area.right); x++) {
      const [r, g, b] = pixelAt(p, x, y);
      if (Math.max(r, g, b) - Math.min(r, g, b) > chroma) count++;
    }
  }
  return count;
}

/** Pixels differing from the background colour by more than a little (anti-aliasing included). */
export function inkPixels(p: Pixels, background: readonly [number, number, number]): number {
  let count = 0;
  for (let i = 0; i < p.data.length; i += 4) {
    const d =
      Math.abs(p.data[i]! - background[0]) +
      Math.abs(p.data[i + 1]! - background[1]) +
      Math.abs(p.data[i + 2]! - background[2]);
    if (d > 48) count++;
  }
  return count;
}

export function hashPixels(p: Pixels): string {
  return createHash("sha256").update(p.data).digest("hex").slice(0, 16);
}
