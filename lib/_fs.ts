/**
 * The file access of torch.save/torch.load, safetensors, the datasets and
 * the folders the lab writes: failures are Python's OSError subclasses (lib/errors.ts) instead of Node's
 * untyped errors, and writes are atomic.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { osError, RuntimeError } from "./errors";

/** The whole file; a missing file is a FileNotFoundError, a folder an IsADirectoryError. */
export function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw osError(e, file);
  }
}

/** Opens `file` for reading, runs `fn` on it and closes it; failures are Python's OSErrors naming the file. */
export function withFile<T>(file: string, fn: (fd: number) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    throw osError(e, file);
  }
  try {
    return fn(fd);
  } catch (e) {
    throw osError(e, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads into `target` from byte `position` until it is full or the file ends; the bytes read. */
export function readAt(fd: number, target: Uint8Array, position: number): number {
  let done = 0;
  while (done < target.length) {
    const n = fs.readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Writes `buffers` to `file` so that a crash never leaves it half written: a
 * temporary file in the same folder, fsync, rename, then the folder synced
 * (PyTorch's own torch.save does not promise this).
 */
/**
 * A process killed while saving (SIGKILL, power loss) leaves its temporary
 * file behind, never a half-written target: the next save to the same path
 * removes the temporaries of processes that are gone.
 */
function removeStaleTemporaries(dir: string, base: string): void {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length).split(".")[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function writeAtomic(file: string, buffers: Buffer[]): void {
  const dir = path.dirname(path.resolve(file));
  // torch.save's own check and wording (torch/serialization.py).
  if (!fs.existsSync(dir)) throw new RuntimeError(`Parent directory ${dir} does not exist.`);
  removeStaleTemporaries(dir, path.basename(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      for (const b of buffers) fs.writeSync(fd, b);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw osError(e, file);
  }
  // The rename itself is durable once the folder is synced.
  try {
    const dirFd = fs.openSync(dir, "r");
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some filesystems cannot fsync a folder; the file itself is synced.
  }
}

/** A Node-style fs error (code, errno, path), as osError() reads one. */
export function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
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
