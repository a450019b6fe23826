/** Messages between the chart renderer and its workers. */
import type { ChartConfig } from "../chart-config.js";
import type { PngSize } from "./png-size.js";

export interface ChartRenderRequest {
  id: number;
  config: ChartConfig;
  size: PngSize;
}

export type ChartRenderResponse = { id: number; png: Uint8Array } | { id: number; error: string };
