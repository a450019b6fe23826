// chart.js leaves the canvas transparent; a PNG posted to Discord must carry its own background. The colour comes
// from the configuration (options.plugins.background.color), so the plugin itself holds no state and can be
// registered in the browser as well.
import type { ChartType, Plugin } from "chart.js";

export interface BackgroundPluginOptions {
  color: string;
}

declare module "chart.js" {
  interface PluginOptionsByType<TType extends ChartType> {
    background: BackgroundPluginOptions;
  }
}

export const backgroundPlugin: Plugin<ChartType, BackgroundPluginOptions> = {
  id: "background",
  beforeDraw(chart, _args, options) {
    if (!options.color) return;
    const { ctx } = chart;
    ctx.save();
    // Behind everything already drawn, over the whole canvas (not just the chart area).
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};
