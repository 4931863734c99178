/**
 * Tensor handles (native/common.cc, "tensor handles"): a Tensor holds the
 * index and generation of its native box, and the hot paths take handles
 * that lib/native.ts writes to memory both sides read. These tests check
 * what that must never do: reach another tensor through a stale handle,
 * take a non-Tensor for a Tensor, or lose `this` when a method's callback
 * calls other methods.
 */
import test from "ava";
import * as torch from "../lib";
import { RuntimeError, TorchTypeError } from "../lib/errors";

test("a disposed Tensor never reaches the tensor that reuses its box", (t) => {
  const a = torch.full([3], 7);
  a.dispose();
  // Freed boxes are reused first: one of these takes a's.
  const fresh = Array.from({ length: 8 }, (_, i) => torch.full([2], i));
  t.true(a.isDisposed);
  for (const call of [() => a.numel(), () => a.add(1), () => torch.mul(a, 2), () => a.add_(1), () => fresh[0].add(a)]) {
    const error = t.throws(call, { instanceOf: RuntimeError });
    t.regex(error!.message, /disposed/);
  }
  t.deepEqual(fresh.map((f) => f.tolist()), Array.from({ length: 8 }, (_, i) => [i, i]));
});

test("a tidy scope's tensors go stale when it closes, and what it returns stays", (t) => {
  let inner: torch.Tensor | undefined;
  const kept = torch.tidy(() => {
    inner = torch.ones(4);
    return inner.mul(3);
  });
  const after = torch.zeros(4).add(5);
  t.true(inner!.isDisposed);
  t.throws(() => inner!.sum(), { instanceOf: RuntimeError, message: /disposed/ });
  t.deepEqual(kept.tolist(), [3, 3, 3, 3]);
  t.deepEqual(after.tolist(), [5, 5, 5, 5]);
});

test("methods and ops called on what is not a Tensor throw PyTorch's TypeError", (t) => {
  const numel = torch.Tensor.prototype.numel as unknown as (this: unknown) => number;
  for (const self of [{}, 5, null, Object.create(torch.Tensor.prototype)]) {
    t.throws(() => numel.call(self), { instanceOf: TorchTypeError });
  }
  t.throws(() => torch.add({} as never, 1), { instanceOf: TorchTypeError });
  t.throws(() => new (torch.Tensor as unknown as new (x: unknown) => unknown)({}), { instanceOf: TorchTypeError });
});

test("numbers in a Tensor's place are wrapped scalars, on the fast path and off it", (t) => {
  const a = torch.tensor([1, 2, 3]);
  t.deepEqual(a.add(2).tolist(), [3, 4, 5]);
  t.deepEqual(torch.mul(a, 2).tolist(), [2, 4, 6]);
  t.deepEqual(a.add(a, { alpha: 2 }).tolist(), [3, 6, 9]);
  t.deepEqual(torch.where(a.gt(1), a, 0).tolist(), [0, 2, 3]);
});

// Reading an argument may run JavaScript (a getter), which may call other
// methods and ops and so write the handles again: each call reads its own
// before converting anything.
test("a getter that calls torch while an argument is read leaves the call's own tensors", (t) => {
  const x = torch.arange(6);
  const other = torch.ones(2);
  let calls = 0;
  const busy = () => {
    calls++;
    return other.add(other).numel() + other.numel() - 4;
  };
  const shape = [2, 3];
  Object.defineProperty(shape, 0, { get: () => 2 + busy(), enumerable: true });
  t.deepEqual(x.reshape(shape).tolist(), [[0, 1, 2], [3, 4, 5]]);
  const slice = { get start() { return 1 + busy(); }, stop: 3 };
  t.deepEqual(x.index(slice).tolist(), [1, 2]);
  t.true(calls >= 2);
})

test("new Tensor(t) shares t's data, in a scope or out of one", (t) => {
  const base = torch.zeros(3);
  const shared = new torch.Tensor(base);
  shared.add_(1);
  t.deepEqual(base.tolist(), [1, 1, 1]);
  const p = torch.tidy(() => torch.keep(new torch.nn.Parameter(torch.ones(2))));
  t.false(p.isDisposed);
  t.true(p.requires_grad);
});
