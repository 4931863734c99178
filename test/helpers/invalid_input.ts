/**
 * Runs the invalid-input table (invalid_input_rows*.ts) in this process:
 * every case must throw torch.TorchError, TypeError or RangeError with a
 * message. Prints the row names as the first JSON line, then one JSON line
 * per row as it finishes, so that a crash names the row it happened in.
 * test/invalid_input.test.ts runs this in a child process.
 */
import * as torch from "../../lib";
import { stateRows, torchRows, type Row } from "./invalid_input_rows";
import { generatedRows } from "./invalid_input_rows_generated";
import { nnRows } from "./invalid_input_rows_nn";
import { nn2ModuleRows } from "./invalid_input_rows_nn2";

export type RowResult = { name: string; cases: number; failures: string[]; unclear: string[] };

// Messages written by the JS engine rather than by torchnode: typed, but they do not say what was expected.
const ENGINE = /is not a function|is not iterable|Cannot read properties|Cannot convert|Cannot destructure|is not a constructor|Maximum call stack/;

async function run(row: Row): Promise<RowResult> {
  const result: RowResult = { name: row.name, cases: row.cases.length, failures: [], unclear: [] };
  for (const [label, call] of row.cases) {
    let returned: unknown;
    try {
      returned = call();
    } catch (e) {
      const typed = e instanceof torch.TorchError || e instanceof TypeError || e instanceof RangeError;
      const message = e instanceof Error ? e.message : "";
      const shown = `${label}: ${e instanceof Error ? e.constructor.name : typeof e}: ${message.split("\n")[0].slice(0, 160)}`;
      if (!typed || !message) result.failures.push(`${typed ? "empty message" : "untyped error"} (${shown})`);
      else if (ENGINE.test(message)) result.unclear.push(shown);
      continue;
    }
    if (returned instanceof Promise) {
      // An error must be thrown at the call, not left to a Promise that rejects later.
      const settled = await returned.then(() => "resolves", (e: Error) => `rejects with ${e?.constructor?.name}: ${e?.message}`);
      result.failures.push(`${label}: no error at the call (returned a Promise that ${settled})`);
      continue;
    }
    const what = returned instanceof torch.Tensor ? `Tensor ${returned.dtype} ${JSON.stringify([...returned.shape])}` : typeof returned;
    result.failures.push(`${label}: no error (returned ${what})`);
  }
  return result;
}

if (require.main === module) {
  const all = [...torchRows(), ...nnRows(), ...nn2ModuleRows(), ...stateRows(), ...generatedRows()];
  const names = all.map((r) => r.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`two rows are named ${dup}`);
  console.log(JSON.stringify(names));
  (async () => {
    for (const row of all) console.log(JSON.stringify(await run(row)));
  })();
}
