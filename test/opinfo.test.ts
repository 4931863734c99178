/**
 * Exactness against PyTorch's own test database: every OpInfo whose function
 * is a binding torchnode offers, with its CPU sample inputs, recorded by
 * scripts/golden_opinfo.py from the PyTorch of this libtorch on this machine
 * (scripts/golden.sh --machine / --into), replayed through torchnode: each
 * result, error and gradient must match bit for bit.
 */
import test from "ava";
import * as fs from "node:fs";
import * as torch from "../lib";
import { fixturePath, sameTorch } from "./helpers/fixtures";
import { loadFixture, runCase, type GoldenCase } from "./helpers/golden";

interface Report {
  opinfos: number;
  run: number;
  skipped: Record<string, number>;
  sample_skips: Record<string, number>;
  address_dependent?: Record<string, number>;
}

const file = fixturePath("opinfo.json");
const fixture = fs.existsSync(file) ? (loadFixture(file) as ReturnType<typeof loadFixture> & { report: Report }) : null;

/**
 * OpInfos whose last bits PyTorch itself does not fix on this machine: where
 * scripts/golden_opinfo.py saw a sample's result change when its inputs were
 * copied to other (equally aligned) addresses, in Python alone (some LAPACK
 * and BLAS drivers of OpenBLAS, e.g. linalg.lstsq's 'gelsy'). Their samples
 * are compared within a relative tolerance of 1e-5 (same dtypes, shapes and
 * errors).
 */
const UNSTABLE = new Set(Object.keys(fixture?.report.address_dependent ?? {}));

// Each failure a value difference, every listed element within the tolerance.
function withinTolerance(failure: string): boolean {
  const lines = failure.split("\n").slice(1);
  return lines.every((line) => {
    if (!/element\(s\) differ/.test(line)) return false;
    const pairs = [...line.matchAll(/got (\S+) \(0x[0-9a-f]+\), want (\S+) \(/g)];
    return pairs.length > 0 && pairs.every(([, got, want]) => Math.abs(Number(got) - Number(want)) <= 1e-5 * Math.max(1, Math.abs(Number(want))));
  });
}

const byOp = new Map<string, GoldenCase[]>();
for (const c of fixture?.cases ?? []) {
  const op = c.name.slice(0, c.name.indexOf("/"));
  byOp.set(op, [...(byOp.get(op) ?? []), c]);
}

if (!fixture) {
  test("OpInfo samples", (t) => {
    t.log(`no ${file}: scripts/golden.sh --machine writes it (PyTorch's test helpers need expecttest)`);
    t.fail("the OpInfo fixture is missing");
  });
} else {
  torch.set_num_threads(fixture.num_threads);
  const counts = { samples: 0, equal: 0, differ: 0 };

  test.serial("the OpInfo fixture comes from the PyTorch of the libtorch used here", (t) => {
    t.regex(fixture.torch_version, sameTorch());
    t.true(byOp.size > 300, `only ${byOp.size} OpInfos`);
  });

  // The function an OpInfo's samples call (torch.nn.functional.interpolate…): undefined where torchnode lacks it.
  const fnOf = (op: string): string => byOp.get(op)![0].steps.find((s) => s.fn !== undefined)!.fn!;
  const resolve = (op: string): unknown => fnOf(op).split(".").reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], torch);
  const lacking: string[] = [];
  for (const [op, cases] of byOp) {
    if (typeof resolve(op) !== "function") {
      // Not offered yet: skipped, visibly, never counted as passing.
      lacking.push(op);
      test.skip(`OpInfo ${op}: ${cases.length} samples (torch.${fnOf(op)} is not in torchnode)`, () => {});
      continue;
    }
    test.serial(`OpInfo ${op}: ${cases.length} samples`, (t) => {
      const failures: string[] = [];
      for (const c of cases) {
        const r = runCase(c);
        counts.samples++;
        if (r.failures.length) {
          counts.differ++;
          failures.push(`${c.name}:\n  ${r.failures.join("\n  ")}`);
        } else counts.equal++;
      }
      if (UNSTABLE.has(op)) {
        t.log(`compared within 1e-5: results that depend on the inputs' addresses in Python; ${failures.length} of ${cases.length} samples differ in their last bits`);
        t.deepEqual(failures.filter((f) => !withinTolerance(f)), []);
        return;
      }
      if (failures.length) t.fail(`${failures.length} of ${cases.length} samples differ from PyTorch:\n${failures.slice(0, 8).join("\n")}`);
      else t.pass();
    });
  }

  test.serial("the counts", (t) => {
    const r = fixture.report;
    t.log(
      `PyTorch ${fixture.torch_version}: ${r.opinfos} OpInfos, ${r.run} run (${byOp.size} with samples), ` +
        `${counts.samples} samples: ${counts.equal} equal, ${counts.differ} differ (in ${[...UNSTABLE].join(", ") || "no OpInfo"}, within tolerance); ` +
        `OpInfos skipped: ${JSON.stringify(r.skipped)}; samples skipped: ${JSON.stringify(r.sample_skips)}`,
    );
    const skipped = lacking.reduce((n, op) => n + byOp.get(op)!.length, 0);
    t.log(`OpInfos whose function torchnode lacks (${lacking.length}, ${skipped} samples skipped): ${lacking.join(", ") || "none"}`);
    t.is(counts.samples + skipped, fixture.cases.length);
  });
}
