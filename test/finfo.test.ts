/**
 * torch.finfo / torch.iinfo against the values Python's PyTorch reports.
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import * as torch from "../lib";
import { PYTHON } from "./helpers/fixtures";

const python = JSON.parse(
  execFileSync(PYTHON, ["-c", `
import json, torch
f = {d: (lambda i: dict(bits=i.bits, eps=i.eps, max=i.max, min=i.min, tiny=i.tiny, smallest_normal=i.smallest_normal, resolution=i.resolution))(torch.finfo(getattr(torch, d))) for d in ["float16", "bfloat16", "float32", "float64"]}
i = {d: (lambda i: dict(bits=i.bits, max=str(i.max), min=str(i.min)))(torch.iinfo(getattr(torch, d))) for d in ["uint8", "int8", "int16", "int32", "int64"]}
print(json.dumps(dict(finfo=f, iinfo=i, e=torch.e, pi=torch.pi)))
`], { encoding: "utf8" }),
) as { finfo: Record<string, Record<string, number>>; iinfo: Record<string, { bits: number; max: string; min: string }>; e: number; pi: number };

test("finfo gives PyTorch's limits for every floating dtype", (t) => {
  for (const [name, want] of Object.entries(python.finfo)) {
    const f = new torch.finfo(torch[name as "float32"]);
    for (const [key, value] of Object.entries(want)) t.is(f[key as keyof typeof f], value, `${name}.${key}`);
  }
  t.throws(() => new torch.finfo(torch.int32), { instanceOf: TypeError, message: /requires a floating point input type/ });
});

test("iinfo gives PyTorch's limits for every integer dtype", (t) => {
  for (const [name, want] of Object.entries(python.iinfo)) {
    const i = new torch.iinfo(torch[name as "int32"]);
    t.is(i.bits, want.bits);
    t.is(String(i.max), want.max, `${name}.max`);
    t.is(String(i.min), want.min, `${name}.min`);
  }
  t.throws(() => new torch.iinfo(torch.bool), { instanceOf: TypeError, message: "torch.bool is not supported by torch.iinfo" });
});

test("torch.e and torch.pi are Python's", (t) => {
  t.is(torch.e, python.e);
  t.is(torch.pi, python.pi);
  t.true(Number.isNaN(torch.nan) && torch.inf === Infinity);
});
