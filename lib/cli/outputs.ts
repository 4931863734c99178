/**
 * The files a command will write, checked before it starts: their folders
 * made and proven writable (a probe file written and removed), an existing
 * report file opened for writing, so that a bad --out fails in a second with
 * Python's OSError wording, not after minutes of training.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { osError } from "../errors";

/** A Node-style fs error (code, errno, path), as osError() reads one. */
function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const errno = (os.constants.errno as Record<string, number>)[code] ?? 0;
  return Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, errno: -errno, syscall, path: file });
}

/**
 * os.makedirs(dir, exist_ok=True), one level at a time. Node's recursive
 * mkdirSync spins forever where mkdir fails with ENOENT under a parent that
 * exists (/proc/nonexistent/dir); here every failure is final and named.
 */
export function makedirs(dir: string): void {
  const missing: string[] = [];
  for (let p = path.normalize(dir); ; p = path.dirname(p)) {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      // ENOTDIR: a file further up; the walk finds it and names it.
      if (!["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code ?? "")) throw osError(e, p);
    }
    if (stat) {
      if (!stat.isDirectory()) throw osError(fsError("ENOTDIR", "mkdir", p));
      break;
    }
    missing.push(p);
    if (path.dirname(p) === p) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      // A data-parallel worker beside this one may have made it meanwhile.
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && fs.statSync(d).isDirectory()) continue;
      throw osError(e, d);
    }
  }
}

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
