/**
 * The files a command will write, checked before it starts: their folders
 * made and proven writable (a probe file written and removed), an existing
 * report file opened for writing, so that a bad --out fails in a second with
 * Python's OSError wording, not after minutes of training.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fsError, makedirs } from "../_fs";
import { osError } from "../errors";

/** Makes `dir` and writes and removes a probe file in it; an OSError naming the folder when it cannot be written. */
export function makeWritableDir(dir: string): void {
  makedirs(dir);
  const probe = path.join(dir, `.torchnode-probe-${process.pid}-${Date.now()}`);
  try {
    fs.closeSync(fs.openSync(probe, "wx"));
  } catch (e) {
    // Name the folder, which is what needs fixing, not the probe's made-up name.
    throw osError(Object.assign(e as NodeJS.ErrnoException, { path: dir }));
  }
  fs.rmSync(probe, { force: true });
}

/** Makes `file`'s folder writable and, when `file` exists, opens it for writing without truncating it. */
export function checkWritableFile(file: string): void {
  makeWritableDir(path.dirname(file));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw osError(e, file);
  }
  if (stat.isDirectory()) throw osError(fsError("EISDIR", "open", file));
  try {
    fs.closeSync(fs.openSync(file, "r+"));
  } catch (e) {
    throw osError(e, file);
  }
}
