/**
 * The README and docs/ as documentation: the README stays short, every link
 * between the pages lands on a file of this repository (nothing points
 * outside it), and the commands the quick start names exist.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.join(__dirname, "..");
const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const read = (page: string) => fs.readFileSync(path.join(root, page), "utf8");

test("the README is under 200 lines", (t) => {
  t.true(read("README.md").split("\n").length < 200, `${read("README.md").split("\n").length} lines`);
});

test("every relative link in README.md and docs/ lands on a file in the repository", (t) => {
  const broken: string[] = [];
  for (const page of pages) {
    for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue;
      const file = path.resolve(root, path.dirname(page), target.split("#")[0]);
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) broken.push(`${page}: ${target}`);
    }
  }
  t.deepEqual(broken, []);
});

test("the quick start's commands are package.json scripts, and its figures are filled in", (t) => {
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
  const readme = read("README.md");
  // npm's own commands aside (install, pack...), `npm X` and `npm run X` run package.json's scripts.
  const own = new Set(["install", "i", "ci", "pack", "publish", "exec", "init", "uninstall", "ls"]);
  for (const [, name] of readme.matchAll(/^npm (?:run )?(\w[\w:-]*)/gm)) if (!own.has(name)) t.true(name in scripts, `npm ${name}`);
  t.false(/FIRST_RUN_TIME|TODO/.test(readme));
});

test("every torchnode subpath the docs name is one package.json exports", (t) => {
  const exported = Object.keys((JSON.parse(read("package.json")) as { exports: Record<string, unknown> }).exports);
  const named = new Set(pages.flatMap((page) => [...read(page).matchAll(/\btorchnode(\/[a-z_]+(?:\/[a-z_]+)*)\b/g)].map((m) => `.${m[1]}`)));
  t.true(named.size > 0);
  t.deepEqual([...named].filter((sub) => !exported.includes(sub)), []);
});
