import test from "ava";
import * as torch from "../lib";

test("shape, dtype and device of a new tensor", (t) => {
  const x = torch.zeros(2, 3);
  t.deepEqual([...x.shape], [2, 3]);
  t.is(x.shape.toString(), "torch.Size([2, 3])");
  t.is(x.dtype, torch.float32);
  t.is(x.device.type, "cpu");
  t.is(x.size(1), 3);
  t.is(x.size(-1), 3);
  t.throws(() => x.size(2), { instanceOf: torch.IndexError });
  t.is(x.dim(), 2);
  t.is(x.numel(), 6);
});

test("literal types follow the porting contract", (t) => {
  t.is(torch.tensor([1, 2]).dtype, torch.float32);
  t.is(torch.tensor([1n, 2n]).dtype, torch.int64);
  t.is(torch.tensor([true]).dtype, torch.bool);
  t.is(torch.tensor(new Int32Array([1, 2])).dtype, torch.int32);
  t.is(torch.tensor(new Float64Array([1, 2])).dtype, torch.float64);
  t.is(torch.tensor([1, 2], { dtype: torch.int64 }).dtype, torch.int64);
  t.is(torch.arange(5).dtype, torch.int64);
  t.is(torch.arange(0, 1, 0.25).dtype, torch.float32);
  t.is(torch.full([2], 3n).dtype, torch.int64);
  t.deepEqual(torch.tensor([[1, 2], [3, 4]]).tolist(), [[1, 2], [3, 4]]);
});

test("ragged nested arrays are a ValueError with PyTorch's wording", (t) => {
  const e = t.throws(() => torch.tensor([[1, 2], [3]]), { instanceOf: torch.ValueError });
  t.is(e?.message, "expected sequence of length 2 at dim 1 (got 1)");
});

test("to() returns the tensor itself when nothing changes", (t) => {
  const x = torch.ones(2);
  t.is(x.to("cpu"), x);
  t.is(x.to(torch.float32), x);
  const y = x.to(torch.float64);
  t.not(y, x);
  t.is(y.dtype, torch.float64);
  t.true(x.to({ dtype: torch.float32, copy: true }) !== x);
});

test("dispose frees at once and later use throws", (t) => {
  const x = torch.ones(4);
  const live = torch.liveTensors();
  x.dispose();
  t.is(torch.liveTensors(), live - 1);
  t.true(x.isDisposed);
  t.throws(() => x.add(1), { instanceOf: torch.RuntimeError, message: /disposed/ });
  t.notThrows(() => x.dispose());
});

test("using disposes at the end of the block", (t) => {
  const live = torch.liveTensors();
  let inner: torch.Tensor | undefined;
  {
    using x = torch.ones(3);
    inner = x;
    t.is(torch.liveTensors(), live + 1);
  }
  t.true(inner.isDisposed);
  t.is(torch.liveTensors(), live);
});

test("frombuffer shares the buffer's memory both ways, with Python's checks", (t) => {
  const data = new Float32Array([1, 2, 3, 4]);
  const x = torch.frombuffer(data, { dtype: torch.float32 });
  x.mul_(10);
  t.deepEqual([...data], [10, 20, 30, 40]);
  data[0] = -1;
  t.is(x.select(0, 0).item(), -1);
  const bytes = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0, 3, 0]);
  t.deepEqual(torch.frombuffer(bytes, { dtype: torch.int32, count: 2 }).tolist(), [1, 2]);
  t.deepEqual(torch.frombuffer(bytes.buffer, { dtype: torch.int16, offset: 4, count: 3 }).tolist(), [2, 0, 3]);
  t.throws(() => torch.frombuffer(bytes, { dtype: torch.int32 }), { instanceOf: torch.ValueError, message: /must be a multiple of element size/ });
  t.throws(() => torch.frombuffer(bytes, { dtype: torch.int32, count: 3 }), { instanceOf: torch.ValueError, message: /must not be greater than actual buffer length/ });
});

test("a tensor over a buffer keeps the buffer alive after the JS side lets go of it", (t) => {
  let view: torch.Tensor | undefined;
  (() => {
    view = torch.frombuffer(new Float64Array(1000).fill(7), { dtype: torch.float64 });
  })();
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    new Float64Array(100_000).fill(1);
  }
  t.is(view!.sum().item(), 7000);
});

test("isclose/allclose: undefined or null keeps a default, options may follow what is given, extras are refused", (t) => {
  const a = torch.tensor([1, 2, NaN]), b = torch.tensor([1.5, 2, NaN]);
  t.deepEqual(torch.isclose(a, a, 1e-5, undefined, true).tolist(), [true, true, true]);
  t.deepEqual(torch.isclose(a, b, undefined, 1).tolist(), torch.isclose(a, b, { atol: 1 }).tolist());
  t.throws(() => torch.isclose(a, b, null as unknown as number, 1, true), { message: /argument 'rtol' \(position 3\) must be float, not NoneType/ });
  t.deepEqual(a.isclose(b, 0.5, { equal_nan: true }).tolist(), [true, true, true]);
  t.true(torch.allclose(a, a, undefined, undefined, true));
  t.false(torch.allclose(a, a));
  t.throws(() => (torch.isclose as (...args: unknown[]) => unknown)(a, b, 1, 2, true, 4), { message: "isclose() takes from 2 to 5 positional arguments but 6 were given" });
  t.throws(() => (torch.allclose as (...args: unknown[]) => unknown)(a, b, { rtol: 1 }, 3), { message: /argument 'rtol' \(position 3\) must be float, not dict/ });
});

// npm test's type check compiles this file: the annotations below are the test of item()'s type.
test("item() is a number without a cast, a boolean when asked, Python's value either way", (t) => {
  const loss: number = torch.tensor([0.25, 0.5]).sum().item();
  const count: number = torch.tensor(7, { dtype: torch.int64 }).item();
  const flag: boolean = torch.tensor([1, 2]).gt(0).all().item<boolean>();
  t.is(loss, 0.75);
  t.is(count, 7);
  t.is(flag, true);
});
