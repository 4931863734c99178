/**
 * The performance figures the docs quote are those of the latest recorded
 * run (bench/results/latest.json), never typed by hand: README.md's
 * Performance section and docs/performance.md embed the block
 * bench/report.ts's renderFigures makes from it, between
 * `<!-- figures: bench/results/latest.json -->` and `<!-- /figures -->`.
 * This checks that each block is exactly that, and that the text around it
 * quotes no timing, ratio or size of its own. npm test runs it;
 * `--write` rewrites the blocks from the latest run.
 *
 *   node --import tsx scripts/check_figures.ts [--write]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderFigures, type BenchResult } from "../bench/report";

const root = path.resolve(__dirname, "..");
const latest = JSON.parse(fs.readFileSync(path.join(root, "bench", "results", "latest.json"), "utf8")) as BenchResult;
const block = renderFigures(latest);
const OPEN = "<!-- figures: bench/results/latest.json -->";
const CLOSE = "<!-- /figures -->";
// A figure: a number with a unit of time, size or speed, or a ratio with two decimals.
const FIGURE = /\b\d+(?:[.,]\d+)?\s?(?:ns|µs|us|ms|s|MB|GB|KB|bytes|×)(?![\w-])|\b\d+\.\d\d\b/g;

/** The part of a document the check covers: a whole page, or one section of the README. */
function scope(file: string, text: string): [number, number] {
  if (!file.endsWith("README.md")) return [0, text.length];
  const start = text.indexOf("\n## Performance");
  if (start < 0) throw new Error("README.md has no '## Performance' section");
  const end = text.indexOf("\n## ", start + 1);
  return [start, end < 0 ? text.length : end];
}

const write = process.argv.includes("--write");
const problems: string[] = [];
for (const file of ["README.md", path.join("docs", "performance.md")]) {
  const full = path.join(root, file);
  let text = fs.readFileSync(full, "utf8");
  const [from, to] = scope(file, text);
  const open = text.indexOf(OPEN, from);
  const close = text.indexOf(CLOSE, open);
  if (open < 0 || open > to || close < 0) {
    problems.push(`${file}: no ${OPEN} … ${CLOSE} block`);
    continue;
  }
  const inside = text.slice(open + OPEN.length, close);
  if (inside !== `\n${block}`) {
    if (write) {
      text = text.slice(0, open + OPEN.length) + `\n${block}` + text.slice(close);
      fs.writeFileSync(full, text);
    } else problems.push(`${file}: the figures differ from bench/results/latest.json (node --import tsx scripts/check_figures.ts --write)`);
  }
  const [a, b] = scope(file, text);
  const outside = text.slice(a, text.indexOf(OPEN, a)) + text.slice(text.indexOf(CLOSE, a) + CLOSE.length, b);
  for (const line of outside.split("\n")) {
    const found = line.match(FIGURE);
    if (found) problems.push(`${file}: a figure outside the generated block (${found.join(", ")}): ${line.trim().slice(0, 120)}`);
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`figures: README.md and docs/performance.md quote bench/results/latest.json (${latest.machine.date})`);
