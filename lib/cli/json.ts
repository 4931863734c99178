/**
 * The reports as Python's json.dump writes them where it matters for the
 * numbers: a diverged run's NaN and ±Infinity stay NaN and Infinity (Python
 * writes those tokens; JSON.stringify would write null).
 */
import * as fs from "node:fs";
import { osError } from "../errors";

export function dumps(value: unknown): string {
  const tokens = new Map<string, string>();
  const text = JSON.stringify(value, (_key, v) => {
    if (typeof v !== "number" || Number.isFinite(v)) return v;
    const token = Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    const marker = `\u0000${token}\u0000`;
    tokens.set(JSON.stringify(marker), token);
    return marker;
  });
  let out = text;
  for (const [quoted, token] of tokens) out = out.split(quoted).join(token);
  return out;
}

/** Writes a report; a failure is Python's OSError naming the file (no trace: the disk, not torchnode, is at fault). */
export function writeReport(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw osError(e, file);
  }
}
