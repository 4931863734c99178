/**
 * The lab's plots, drawn with Vega-Lite: compiled to Vega, rendered
 * headless to SVG (no canvas), and rasterised to PNG by resvg with the
 * DejaVu fonts. `plt.show()` becomes a PNG and an SVG beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Trajectory } from "./train";

const FONT = "DejaVu Sans";
const DEJAVU = "/usr/share/fonts/truetype/dejavu";
const CONFIG = { font: FONT, background: "white", view: { stroke: "#444" }, axis: { grid: true, gridOpacity: 0.5 } };

/**
 * The SVG of a Vega-Lite spec. The Vega view runs synchronously (the data
 * is inline, so nothing in its dataflow is asynchronous) and the headless
 * SVG renderer is set up as View#toSVG sets it up; test/lab.test.ts checks
 * that both give the same SVG.
 */
export function renderSvg(spec: TopLevelSpec): string {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  view.run();
  const internal = view as unknown as { _viewWidth: number; _viewHeight: number; _origin: [number, number] };
  const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
  const width = Math.max(0, internal._viewWidth + pad.left + pad.right);
  const height = Math.max(0, internal._viewHeight + pad.top + pad.bottom);
  const origin = [pad.left + internal._origin[0], pad.top + internal._origin[1]];
  const module = (vega.renderModule as unknown as (name: string) => { headless: new (loader: unknown) => SvgRenderer })("svg");
  const renderer = new module.headless(view.loader());
  renderer.initialize(null, width, height, origin, 1).background(view.background());
  renderer.render((view.scenegraph() as unknown as { root: unknown }).root);
  view.finalize();
  return renderer.svg();
}
type SvgRenderer = {
  initialize(el: null, width: number, height: number, origin: number[], scaleFactor: number): SvgRenderer;
  background(color: unknown): SvgRenderer;
  render(scene: unknown): SvgRenderer;
  svg(): string;
};

/** The SVG through View#toSVG, the public asynchronous way (for the check above). */
export function renderSvgAsync(spec: TopLevelSpec): Promise<string> {
  return new vega.View(vega.parse(compile(spec).spec), { renderer: "none" }).toSVG();
}

/** Rasterises an SVG to PNG with resvg: the DejaVu fonts when present, else the system's. */
export function renderPng(svg: string, scale = 2): Buffer {
  const fontFiles = fs.existsSync(DEJAVU) ? fs.readdirSync(DEJAVU).filter((f) => f.endsWith(".ttf")).map((f) => path.join(DEJAVU, f)) : [];
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  return resvg.render().asPng();
}

/** Writes `file` (a .png) and the SVG beside it; returns both paths. */
export function savePlot(spec: TopLevelSpec, file: string): [string, string] {
  const png = path.extname(file) ? file : `${file}.png`;
  const svgFile = png.replace(/\.[^.]*$/, ".svg");
  fs.mkdirSync(path.dirname(path.resolve(png)), { recursive: true });
  const svg = renderSvg(spec);
  fs.writeFileSync(svgFile, svg);
  fs.writeFileSync(png, renderPng(svg));
  return [png, svgFile];
}

function linePanel(title: string, values: number[], ylim: [number, number] | null, yTitle: string | null) {
  return {
    title, width: 320, height: 240,
    data: { values: values.map((value, iteration) => ({ iteration, value })) },
    mark: { type: "line" as const, clip: true, strokeWidth: 1.2 },
    encoding: {
      x: { field: "iteration", type: "quantitative" as const, title: "iteration" },
      y: { field: "value", type: "quantitative" as const, title: yTitle, ...(ylim ? { scale: { domain: ylim } } : {}) },
    },
  };
}

/**
 * plot_trajectory(trajectory, { ylim = [0, 9], file = "trajectory.png" }): the norms of the
 * parameters and of the gradients per iteration, side by side on a shared y axis, as the
 * notebook's two subplots. Writes the PNG and an SVG beside it; returns their paths.
 */
export function plot_trajectory(trajectory: Trajectory, options: { ylim?: [number, number] | null; file?: string } = {}): [string, string] {
  const { ylim = [0, 9], file = "trajectory.png" } = options;
  const spec = {
    config: CONFIG,
    hconcat: [linePanel("Norm of parameters", trajectory.parameters, ylim, "L2 norm"), linePanel("Norm of gradients", trajectory.gradients, ylim, null)],
    resolve: { scale: { y: "shared" as const } },
  };
  return savePlot(spec as TopLevelSpec, file);
}

/** One panel of plot_curves: a title and named series, one value per epoch. */
export type CurvePanel = { title: string; series: Record<string, (number | null)[]>; y_title?: string };

/**
 * plot_curves(panels, { file }): per-epoch curves (training and validation loss,
 * accuracy, ...), one panel each, one line and legend entry per series.
 */
export function plot_curves(panels: CurvePanel[], options: { file?: string } = {}): [string, string] {
  const { file = "curves.png" } = options;
  const epochs = Math.max(0, ...panels.flatMap((panel) => Object.values(panel.series).map((values) => values.length)));
  // Whole epochs only: every one when they are few, else integer labels.
  const axis = epochs <= 25 ? { values: Array.from({ length: epochs }, (_, i) => i + 1), format: "d" } : { format: "d" };
  const spec = {
    config: CONFIG,
    hconcat: panels.map((panel) => ({
      title: panel.title, width: 320, height: 240,
      data: {
        values: Object.entries(panel.series).flatMap(([series, values]) =>
          values.flatMap((value, i) => (value === null ? [] : [{ epoch: i + 1, value, series }])),
        ),
      },
      mark: { type: "line" as const, point: true },
      encoding: {
        x: { field: "epoch", type: "quantitative" as const, title: "epoch", axis },
        y: { field: "value", type: "quantitative" as const, title: panel.y_title ?? null, scale: { zero: false } },
        color: { field: "series", type: "nominal" as const, title: null, sort: Object.keys(panel.series) },
      },
    })),
    resolve: { scale: { color: "independent" as const } },
  };
  return savePlot(spec as TopLevelSpec, file);
}
