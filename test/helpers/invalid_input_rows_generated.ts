/**
 * The invalid-input table, part 3: one row for every generated op (torch.*,
 * torch.linalg/special/fft, and Tensor methods) and every torch/functional.py
 * port, derived from the same
 * declaration tables the ops are: arguments of the wrong type, a keyword the
 * op does not have, and a freed tensor as the input. Each call must throw
 * Python's TypeError (or libtorch's error), never abort.
 */
import * as torch from "../../lib";
import * as functional from "../../lib/functional";
import * as fft from "../../lib/_generated/fft";
import * as linalg from "../../lib/_generated/linalg";
import * as special from "../../lib/_generated/special";
import * as generatedTorch from "../../lib/_generated/torch";
import { methodNames } from "../../lib/_generated/tensor_methods";
import { disposed, t23, type Case, type Row } from "./invalid_input_rows";

type Call = (...args: unknown[]) => unknown;

function functionRow(api: string, f: Call): Row {
  const cases: Case[] = [
    ["a string for every argument", () => f("x", "x", "x")],
    ["a keyword it does not have", () => f(t23(), { __bogus__: 1 })],
    ["a freed tensor as the input", () => f(disposed(), { __bogus__: 1 })],
  ];
  return { name: `${api}: generated checks`, cases };
}

function methodRow(name: string): Row {
  const call = (self: torch.Tensor, ...args: unknown[]) => ((self as unknown as Record<string, Call>)[name] as Call).call(self, ...args);
  const cases: Case[] = [
    ["a string for every argument", () => call(t23(), "x", "x", "x", "x", "x", "x", "x", "x", "x")],
    ["a keyword it does not have", () => call(t23(), { __bogus__: 1 })],
    ["freed", () => call(disposed(), { __bogus__: 1 })],
  ];
  return { name: `Tensor.${name}: generated checks`, cases };
}

export function generatedRows(): Row[] {
  const rows: Row[] = [];
  // torch/functional.py's functions (lib/functional.ts) get the same checks.
  const spaces: [string, Record<string, unknown>][] = [
    ["torch.", generatedTorch], ["torch.", functional], ["torch.linalg.", linalg], ["torch.special.", special], ["torch.fft.", fft],
  ];
  for (const [prefix, space] of spaces) {
    for (const [name, f] of Object.entries(space)) if (typeof f === "function") rows.push(functionRow(`${prefix}${name}`, f as Call));
  }
  for (const name of methodNames) rows.push(methodRow(name));
  return rows;
}
