/**
 * Native memory. Tensors are freed when garbage-collected (during the
 * collection itself, so loops that never yield stay bounded), at once by
 * `dispose()` / `using`, or in bulk by `tidy`, which frees every tensor made
 * inside it except the ones it returns or `keep`s (TorchSharp's DisposeScope,
 * TF.js's tidy), and `tidyEach` gives a loop one such scope per item.
 */
import { native } from "./native";
import { Tensor } from "./tensor";

function keepAll(value: unknown, seen: Set<unknown>): void {
  if (value instanceof Tensor) {
    native._keep(value);
    return;
  }
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const v of value.values()) keepAll(v, seen);
  } else if (Array.isArray(value)) {
    for (const v of value) keepAll(v, seen);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) keepAll(v, seen);
  }
}

/**
 * torch.tidy(fn): runs fn and disposes every tensor it made, except the
 * tensors in its result (a Tensor, or arrays/objects/Maps of them).
 * @example const loss = torch.tidy(() => model(X).sub(y).pow(2).mean());
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`Expected a function for fn but received ${typeof fn}`);
  const depth: number = native._beginScope();
  let result: T | undefined;
  try {
    result = fn();
    if (result instanceof Promise) throw new TypeError("tidy(fn): fn must be synchronous (it returned a Promise)");
    keepAll(result, new Set());
    return result;
  } finally {
    native._endScope(depth);
  }
}

/**
 * torch.tidyEach(iterable): iterates with one tidy scope per item. What
 * producing the item makes (a DataLoader's batch) and what the loop body
 * makes are freed when the loop moves on, as Python frees a batch when the
 * loop rebinds its variables; tensors made before the loop, and those the
 * body `keep`s, survive. Breaking out or throwing closes the scope and the
 * iterator. Scopes nest: two tidyEach loops may nest, not interleave. As
 * with tidy's fn, the body must be synchronous: an `await` in it would leave
 * the scope open to whatever else runs meanwhile. An iterator driven by hand
 * must be finished or closed (`return()`), as for...of does.
 * @example for (const [X, y] of torch.tidyEach(loader)) step(X, y);
 */
export function tidyEach<T>(iterable: Iterable<T>): Generator<T, void, undefined> {
  if (iterable == null || typeof (iterable as Partial<Iterable<T>>)[Symbol.iterator] !== "function") {
    throw new TypeError(`tidyEach(iterable): expected an iterable but received ${iterable === null ? "null" : typeof iterable}`);
  }
  return scopedItems(iterable);
}

function* scopedItems<T>(iterable: Iterable<T>): Generator<T, void, undefined> {
  const iterator = iterable[Symbol.iterator]();
  let done = false;
  try {
    while (!done) {
      const depth: number = native._beginScope();
      try {
        let next: IteratorResult<T>;
        try {
          next = iterator.next();
        } catch (e) {
          done = true; // as for...of: an iterator that threw is not closed
          throw e;
        }
        done = !!next.done;
        if (!done) yield next.value;
      } finally {
        native._endScope(depth);
      }
    }
  } finally {
    if (!done) iterator.return?.();
  }
}

/**
 * Runs fn with the tidy scopes open now set aside: the tensors it makes join
 * none of them (dispose() and the GC free them), while scopes fn opens itself
 * work as usual. For hooks that run inside a scope torchnode opened (a
 * training loop's per-batch callbacks) and may store what they make.
 * @internal
 */
export function outsideScopes<T>(fn: () => T): T {
  const previous: number = native._setScopeFloor(native._scopeDepth());
  try {
    return fn();
  } finally {
    native._setScopeFloor(Math.min(previous, native._scopeDepth()));
  }
}

/** torch.keep(t): t survives the tidy scope it was made in. */
export function keep<T extends Tensor>(t: T): T {
  return native._keep(t);
}

/**
 * t outlives every tidy scope, even the one it was made in: for what
 * torchnode caches across calls that a user's scope may enclose (a sampler's
 * order, a transform's constants). Freed by dispose() or the GC.
 * @internal
 */
export function untracked<T extends Tensor>(t: T): T {
  return native._untrack(t);
}

/** Tensors alive right now (made, and neither collected nor disposed). */
export function liveTensors(): number {
  return native._liveTensors();
}

/** Disposes every tensor inside value (a Tensor, or arrays/objects/Maps of them). */
export function dispose(value: unknown): void {
  if (value instanceof Tensor) {
    value.dispose();
  } else if (value instanceof Map) {
    for (const v of value.values()) dispose(v);
  } else if (Array.isArray(value)) {
    for (const v of value) dispose(v);
  } else if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) dispose(v);
  }
}

/** What the CPU caching allocator (native/cpu_allocator.cc) holds, in bytes and counts. */
export type CpuCacheStats = {
  /** Bytes in blocks of 4 KB and more that tensors hold now. */
  allocated_bytes: number;
  /** Freed blocks kept for reuse, at most TORCHNODE_CPU_CACHE_MB. */
  cached_bytes: number;
  peak_cached_bytes: number;
  hits: number;
  misses: number;
  /** Blocks dropped to stay under the limit. */
  evictions: number;
  /** Blocks returned to the system after a whole idle window unused (TORCHNODE_CPU_CACHE_IDLE_S). */
  released: number;
  /** Bytes glibc's malloc keeps free in its arenas (mallinfo2's fordblks): freed, yet still in RSS. */
  malloc_free_bytes: number;
};

/**
 * The CPU caching allocator's figures, or null when it is off
 * (TORCHNODE_CPU_CACHE_MB=0). torchnode keeps freed tensor memory for reuse,
 * as PyTorch's CUDA allocator does on the GPU: tensors here are freed in
 * batches by the garbage collector, and fresh memory costs page faults.
 */
export function cpuCacheStats(): CpuCacheStats | null {
  return native._cpuCacheStats() as CpuCacheStats | null;
}

/** Returns the CPU cache's blocks to the system (as torch.cuda.empty_cache does on the GPU). */
export function emptyCpuCache(): void {
  native._cpuEmptyCache();
}
