/**
 * The lab's plots, drawn with Vega-Lite: compiled to Vega, rendered
 * headless to SVG (no canvas), and rasterised to PNG by resvg with the
 * DejaVu fonts. `plt.show()` becomes a PNG and an SVG beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Resvg from "@resvg/resvg-js";
import type * as Vega from "vega";
import type * as VegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { makedirs } from "../_fs";
import { checkOptional, PLOT_PACKAGES, requireOptional } from "../_optional";
import type { Trajectory } from "./train";

// Optional peer dependencies: loaded on the first plot, so torchnode/lab loads without them.
const vegaLib = () => requireOptional<typeof Vega>("vega");
const compile = (spec: TopLevelSpec) => requireOptional<typeof VegaLite>("vega-lite").compile(spec);

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
  const vega = vegaLib();
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
  const vega = vegaLib();
  return new vega.View(vega.parse(compile(spec).spec), { renderer: "none" }).toSVG();
}

/** Rasterises an SVG to PNG with resvg: the DejaVu fonts when present, else the system's. */
export function renderPng(svg: string, scale = 2): Buffer {
  const fontFiles = fs.existsSync(DEJAVU) ? fs.readdirSync(DEJAVU).filter((f) => f.endsWith(".ttf")).map((f) => path.join(DEJAVU, f)) : [];
  const { Resvg: Renderer } = requireOptional<typeof Resvg>("@resvg/resvg-js");
  const resvg = new Renderer(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  return resvg.render().asPng();
}

/**
 * Writes `file` (a .png) and the SVG beside it; returns both paths. Checks
 * for every package first, so a missing one leaves no half-written plot.
 */
export function savePlot(spec: TopLevelSpec, file: string): [string, string] {
  checkOptional(...PLOT_PACKAGES);
  const png = path.extname(file) ? file : `${file}.png`;
  const svgFile = png.replace(/\.[^.]*$/, ".svg");
  makedirs(path.dirname(path.resolve(png)));
  const svg = renderSvg(spec);
  fs.writeFileSync(svgFile, svg);
  fs.writeFileSync(png, renderPng(svg));
  return [png, svgFile];
}

/**
 * The plot's title as Vega-Lite takes it: null for none; when none is given, its file's name, so runs plotted
 * in a row tell apart.
 */
function titleSpec(title: string | null | undefined, file: string) {
  const text = title === undefined ? path.basename(file, path.extname(file)) : title;
  return text === null ? {} : { title: { text, anchor: "middle" as const, fontSize: 15 } };
}

// Where plot_trajectory and plot_curves write when not told (their specs title the plot after it).
const TRAJECTORY_FILE = "trajectory.png";
const CURVES_FILE = "curves.png";

/** The notebook's fixed y limits for the trajectory plots: plot_trajectory(trajectory, ylim=(0,9)). */
export const NOTEBOOK_YLIM: readonly [number, number] = [0, 9];

/**
 * plot_trajectory's y limits: "fit" (the default; null too) to show every value,
 * "notebook" for the notebook's fixed (0, 9), or explicit [lo, hi].
 */
export type Ylim = "fit" | "notebook" | readonly [number, number] | null;

/**
 * The y limits that hold every finite value of both series: from 0 (the norms'
 * floor, as the notebook's axis starts) or the lowest value, to the highest.
 */
export function fit_ylim(trajectory: Trajectory): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const values of [trajectory.parameters, trajectory.gradients]) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return [lo, hi > lo ? hi : lo + 1];
}

/** The y scale for a Ylim: a fitted domain is rounded outwards to nice ticks; a fixed one is kept exactly. */
function yScale(trajectory: Trajectory, ylim: Ylim) {
  if (ylim === null || ylim === "fit") return { domain: fit_ylim(trajectory), nice: true };
  if (ylim === "notebook") return { domain: [...NOTEBOOK_YLIM], nice: false };
  if (!Array.isArray(ylim) || ylim.length !== 2 || !ylim.every(Number.isFinite) || !(ylim[0] < ylim[1])) {
    throw new TypeError(`Expected "fit", "notebook" or [lo, hi] with lo < hi for ylim but received ${JSON.stringify(ylim)}`);
  }
  return { domain: [ylim[0], ylim[1]], nice: false };
}

function linePanel(title: string, values: number[], scale: ReturnType<typeof yScale>, yTitle: string | null) {
  return {
    title, width: 320, height: 240,
    data: { values: values.map((value, iteration) => ({ iteration, value })) },
    mark: { type: "line" as const, clip: true, strokeWidth: 1.2 },
    encoding: {
      x: { field: "iteration", type: "quantitative" as const, title: "iteration" },
      y: { field: "value", type: "quantitative" as const, title: yTitle, scale },
    },
  };
}

export type PlotTrajectoryOptions = {
  /** The plot's title; by default the file's name without its extension (e.g. "trajectory_mlp_wd"); null for none. */
  title?: string | null;
  /** The y limits: "fit" (default), "notebook" (the notebook's fixed [0, 9]) or [lo, hi]. */
  ylim?: Ylim;
  file?: string;
};

/** The Vega-Lite spec plot_trajectory draws (for tests and for other renderers). */
export function trajectory_spec(trajectory: Trajectory, options: PlotTrajectoryOptions = {}): TopLevelSpec {
  const { ylim = "fit", file = TRAJECTORY_FILE } = options;
  const scale = yScale(trajectory, ylim);
  return {
    config: CONFIG,
    ...titleSpec(options.title, file),
    hconcat: [linePanel("Norm of parameters", trajectory.parameters, scale, "L2 norm"), linePanel("Norm of gradients", trajectory.gradients, scale, null)],
    resolve: { scale: { y: "shared" as const } },
  } as TopLevelSpec;
}

/**
 * plot_trajectory(trajectory, { title, ylim = "fit", file = "trajectory.png" }): the norms of the
 * parameters and of the gradients per iteration, side by side on a shared y axis, as the
 * notebook's two subplots, under a title naming the run. The notebook fixes the y axis at
 * (0, 9), which BatchNorm's norms outgrow; the default fits the data, `ylim: "notebook"`
 * restores the notebook's axis. Writes the PNG and an SVG beside it; returns their paths.
 * @example plot_trajectory(trajectory, { file: "trajectory_mlp_bn.png", title: "mlp_bn", ylim: "notebook" });
 */
export function plot_trajectory(trajectory: Trajectory, options: PlotTrajectoryOptions = {}): [string, string] {
  return savePlot(trajectory_spec(trajectory, options), options.file ?? TRAJECTORY_FILE);
}

/** One panel of plot_curves: a title and named series, one value per epoch. */
export type CurvePanel = { title: string; series: Record<string, (number | null)[]>; y_title?: string };

export type PlotCurvesOptions = {
  /** The plot's title, above its panels; by default the file's name without its extension; null for none. */
  title?: string | null;
  file?: string;
};

/** The Vega-Lite spec plot_curves draws. */
export function curves_spec(panels: CurvePanel[], options: PlotCurvesOptions = {}): TopLevelSpec {
  const { file = CURVES_FILE } = options;
  const epochs = Math.max(0, ...panels.flatMap((panel) => Object.values(panel.series).map((values) => values.length)));
  // Whole epochs only: every one when they are few, else integer labels.
  const axis = epochs <= 25 ? { values: Array.from({ length: epochs }, (_, i) => i + 1), format: "d" } : { format: "d" };
  return {
    config: CONFIG,
    ...titleSpec(options.title, file),
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
  } as TopLevelSpec;
}

/**
 * plot_curves(panels, { title, file = "curves.png" }): per-epoch curves (training and validation
 * loss, accuracy, ...), one panel each, one line and legend entry per series, under a title.
 * @example plot_curves([{ title: "Training loss", series: { mlp: [0.9, 0.5] } }], { file: "curves.png", title: "seed 0" });
 */
export function plot_curves(panels: CurvePanel[], options: PlotCurvesOptions = {}): [string, string] {
  return savePlot(curves_spec(panels, options), options.file ?? CURVES_FILE);
}
