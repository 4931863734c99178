/**
 * Writes lib/_generated/ from what scripts/gen/ops.py read out of each
 * installed PyTorch (one JSON per release): the declaration tables, the typed
 * torch.* / torch.linalg / torch.special / torch.fft functions, and the
 * Tensor methods' interface. Names torchnode writes by hand (lib/tensor.ts's
 * Tensor interface, lib/index.ts's exports) are left to the hand-written
 * code, so there is one path per op.
 *
 * Usage: node --import tsx scripts/gen/ops.ts OUT_DIR ops-1.13.json ops-2.15.json
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { NUMBERS_AS_TENSORS, parseSchema, pySignature, UNSUPPORTED_TYPES, type PyParam, type PySignature, type SchemaArg } from "../../lib/_ops/schema";

interface Decl {
  schema: string;
  out?: string;
  factory?: boolean;
}
interface Dump {
  torch: string;
  ops: Record<string, Record<string, Decl[]>>;
}

const SPACES = ["torch", "Tensor", "nn", "linalg", "special", "fft"] as const;
type Space = (typeof SPACES)[number];
const root = path.resolve(__dirname, "..", "..");

// ---- what is hand-written ----------------------------------------------------
function handWritten(): { tensor: Set<string>; torch: Set<string> } {
  const program = ts.createProgram([path.join(root, "lib", "index.ts")], { strict: true, esModuleInterop: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const generated = (d: ts.Declaration) => d.getSourceFile().fileName.includes("/_generated/");
  const index = program.getSourceFile(path.join(root, "lib", "index.ts"))!;
  const torch = new Set<string>();
  for (const sym of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (!(target.declarations ?? []).some(generated)) torch.add(sym.name);
  }
  const tensorFile = program.getSourceFile(path.join(root, "lib", "tensor.ts"))!;
  const tensor = new Set<string>();
  tensorFile.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "Tensor") {
      for (const m of node.members) if (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) tensor.add(m.name.text);
    }
  });
  return { tensor, torch };
}

// ---- merging releases --------------------------------------------------------
type Merged = Record<Space, Map<string, (Decl & { only?: string[] })[]>>;

function merge(dumps: Dump[]): Merged {
  const versions = dumps.map((d) => d.torch.split(".").slice(0, 2).join("."));
  const merged = Object.fromEntries(SPACES.map((s) => [s, new Map()])) as Merged;
  for (const space of SPACES) {
    const names = new Set(dumps.flatMap((d) => Object.keys(d.ops[space] ?? {})));
    for (const name of [...names].sort()) {
      // The newest release's order, with an older release's extra overloads after their predecessor.
      const list: (Decl & { only?: string[]; in: Set<string> })[] = [];
      for (let i = dumps.length - 1; i >= 0; i--) {
        let after = -1;
        for (const d of dumps[i].ops[space]?.[name] ?? []) {
          const at = list.findIndex((e) => e.schema === d.schema && e.out === d.out && !!e.factory === !!d.factory);
          if (at >= 0) {
            list[at].in.add(versions[i]);
            after = at;
          } else {
            list.splice(after + 1, 0, { ...d, in: new Set([versions[i]]) });
            after++;
          }
        }
      }
      merged[space].set(
        name,
        list.map(({ in: inv, ...d }) => (inv.size === versions.length ? d : { ...d, only: versions.filter((v) => inv.has(v)) })),
      );
    }
  }
  return merged;
}

// ---- TypeScript types ----------------------------------------------------------
const RESERVED = new Set(["var", "new", "delete", "in", "typeof", "void", "return", "function", "default", "from", "class", "if", "else", "switch", "case", "const", "let", "import", "export", "with", "while", "for", "do", "try", "catch", "finally", "throw", "this", "super", "extends", "enum", "null", "true", "false", "instanceof", "yield", "await", "static", "package", "private", "protected", "public", "interface", "implements", "continue", "break", "debugger"]);

function tsBase(base: string, numbers: boolean): string {
  switch (base) {
    case "Tensor": return numbers ? "Tensor | Scalar" : "Tensor";
    case "int": case "SymInt": case "float": return "number";
    case "bool": return "boolean";
    case "Scalar": return "Scalar";
    case "str": return "string";
    case "ScalarType": return "dtype";
    case "Layout": return "layout";
    case "MemoryFormat": return "memory_format";
    case "Device": return "DeviceLike";
    case "Generator": return "Generator";
    default: return "never";
  }
}

function tsType(p: PyParam, numbers: boolean): string {
  const a = p.arg;
  let t: string;
  if (p.name === "out" && a.list) t = "Tensor[]";
  else if (a.list) {
    if (a.base === "int" || a.base === "SymInt") t = a.fixed > 0 ? "number | IntList" : "IntList";
    else if (a.base === "Tensor") t = a.elemOptional ? "(Tensor | null)[]" : "Tensor[]";
    else if (a.base === "float") t = a.fixed > 0 ? "number | number[]" : "number[]";
    else t = `${tsBase(a.base, false)}[]`;
  } else t = tsBase(a.base, numbers);
  if (a.optional || a.default === "None" || p.name === "out") t += " | null";
  return t;
}

function tsReturn(sig: PySignature, method: boolean): string {
  const rets = sig.schema.returns;
  const one = (r: SchemaArg, i: number): string => {
    if (method && sig.aliases[i] === "self") return "this";
    if (r.list) return r.base === "Tensor" ? "Tensor[]" : `${tsBase(r.base, false)}[]`;
    if (r.base === "Scalar") return "number";
    return tsBase(r.base, false) + (r.optional ? " | null" : "");
  };
  if (rets.length === 0) return "void";
  if (rets.length === 1) return one(rets[0], 0);
  const tuple = `[${rets.map(one).join(", ")}]`;
  return sig.fields ? `${tuple} & { ${sig.fields.map((f, i) => `${f}: ${one(rets[i], i)}`).join("; ")} }` : tuple;
}

const ident = (n: string) => (RESERVED.has(n) ? `${n}_` : n);
const key = (n: string) => (/^[A-Za-z_$][\w$]*$/.test(n) ? n : JSON.stringify(n));

function tsOverloads(name: string, decls: Decl[], method: boolean, self: string | null): string[] {
  const out: string[] = [];
  const numbers = NUMBERS_AS_TENSORS.has(name);
  for (const d of decls) {
    const sig = pySignature(name, d.schema, d.out ?? null, !!d.factory, method);
    if (sig.params.some((p) => UNSUPPORTED_TYPES.has(p.arg.base))) continue;
    const positional = sig.params.filter((p) => !p.kwonly);
    const firstOptional = positional.findIndex((p) => p.optional);
    const params = positional.map((p, i) => `${ident(p.name)}${firstOptional >= 0 && i >= firstOptional ? "?" : ""}: ${tsType(p, numbers)}`);
    const keys = sig.params.map((p) => `${key(p.name)}?: ${tsType(p, numbers)}`);
    const options = keys.length > 0 ? [`options?: { ${keys.join("; ")} }`] : [];
    const head = self ? [`${self}: Tensor`] : [];
    const ret = tsReturn(sig, method);
    // The keywords may follow any number of the optional positional arguments.
    const shortest = firstOptional >= 0 ? firstOptional : params.length;
    for (let k = shortest; k <= params.length; k++) out.push(`(${[...head, ...params.slice(0, k), ...options].join(", ")}): ${ret}`);
    if (sig.varargs) {
      out.push(`(${[...head, `...${ident(positional[0].name)}: number[]`].join(", ")}): ${ret}`);
      if (options.length > 0) out.push(`(${[...head, `...args: [...${ident(positional[0].name)}: number[], ${options[0].replace("options?:", "options:")}]`].join(", ")}): ${ret}`);
    }
  }
  return [...new Set(out)];
}

function docUrl(space: Space, name: string): string | null {
  switch (space) {
    case "torch": return `https://pytorch.org/docs/stable/generated/torch.${name}.html`;
    case "Tensor": return `https://pytorch.org/docs/stable/generated/torch.Tensor.${name}.html`;
    case "linalg": case "fft": return `https://pytorch.org/docs/stable/generated/torch.${space}.${name}.html`;
    case "special": return `https://pytorch.org/docs/stable/special.html#torch.special.${name}`;
    default: return null;
  }
}

function doc(space: Space, name: string, decls: (Decl & { only?: string[] })[]): string {
  const url = docUrl(space, name);
  const lines = decls.map((d) => ` * - \`${d.schema.replace(/\*\//g, "* /")}\`${d.only ? ` (PyTorch ${d.only.join(", ")} only)` : ""}`);
  return `/**\n * ${space === "Tensor" ? "Tensor." : `torch.${space === "torch" ? "" : space + "."}`}${name}${url ? ` — ${url}` : ""}\n *\n * ATen:\n${lines.join("\n")}\n */`;
}

// ---- files ---------------------------------------------------------------------
const HEADER = (versions: string[]) =>
  `// Generated by scripts/gen/ops.sh from the op declarations of PyTorch ${versions.join(" and ")}\n// (native_functions.yaml read by torchgen, in the order Python's bindings try them). Do not edit.\n`;

function main(): void {
  const [outDir, ...files] = process.argv.slice(2);
  const dumps: Dump[] = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as Dump);
  dumps.sort((a, b) => a.torch.localeCompare(b.torch, undefined, { numeric: true }));
  const versions = dumps.map((d) => d.torch);
  const merged = merge(dumps);
  const hand = handWritten();
  const isPublic = (n: string) => !n.startsWith("_");
  fs.mkdirSync(outDir, { recursive: true });

  // The declaration tables (what lib/_ops/call.ts calls through).
  // The tables are data (JSON, one schema a line); declarations.ts gives them their type.
  const data: Record<string, unknown> = { releases: versions.map((v) => v.split(".").slice(0, 2).join(".")) };
  for (const space of SPACES) {
    data[space] = Object.fromEntries([...merged[space]].filter(([name]) => space === "nn" || isPublic(name)));
  }
  // One overload a line, its schema first.
  const line = (d: Decl & { only?: string[] }) => JSON.stringify({ schema: d.schema, out: d.out, factory: d.factory, only: d.only });
  const spaceJson = (space: Space) =>
    Object.entries(data[space] as Record<string, Decl[]>).map(([name, decls]) => `  ${JSON.stringify(name)}: [\n${decls.map((d) => `   ${line(d)}`).join(",\n")}\n  ]`).join(",\n");
  const json = `{\n "releases": ${JSON.stringify(data.releases)},\n${SPACES.map((space) => ` ${JSON.stringify(space)}: {\n${spaceJson(space)}\n }`).join(",\n")}\n}\n`;
  fs.writeFileSync(path.join(outDir, "declarations.json"), json);
  let table = HEADER(versions) + `import type { OverloadDecl } from "../_ops/call";\nimport data from "./declarations.json";\n\n`;
  table += `/** The releases these tables were read from. */\nexport const releases: string[] = data.releases;\n`;
  for (const space of SPACES) table += `export const ${space}: Record<string, OverloadDecl[]> = data.${space};\n`;
  fs.writeFileSync(path.join(outDir, "declarations.ts"), table);

  // Functions: torch.*, and the torch.linalg / special / fft namespaces.
  // The type imports a file's declarations use, and nothing else (the lint checks).
  const imports = (code: string, withFn: boolean): string => {
    const used = (names: string[]) => names.filter((n) => new RegExp(`\\b${n}\\b`).test(code));
    const from: [string, string[]][] = [["../tensor", ["DeviceLike", "IntList", "Scalar", "Tensor"]], ["../dtype", ["dtype"]], ["../generator", ["Generator"]], ["../layout", ["layout", "memory_format"]]];
    let out = "";
    for (const [file, names] of from) if (used(names).length > 0) out += `import type { ${used(names).join(", ")} } from "${file}";\n`;
    out += `import * as decls from "./declarations";\n`;
    if (withFn) out += `import { fn } from "../_ops/install";\n`;
    return out;
  };
  const counts: Record<string, number> = {};
  for (const space of ["torch", "linalg", "special", "fft", "nn"] as const) {
    let body = "";
    const exported: string[] = [];
    const signatureTypes = new Map<string, string>();
    const overloadCounts = new Map<string, number>();
    for (const [name, decls] of merged[space]) {
      const block = `{\n${tsOverloads(name, decls, false, null).map((o) => `  ${o};`).join("\n")}\n}`;
      overloadCounts.set(block, (overloadCounts.get(block) ?? 0) + 1);
    }
    for (const [name, decls] of merged[space]) {
      if (space === "torch" && (hand.torch.has(name) || !isPublic(name))) continue;
      const overloads = tsOverloads(name, decls, false, null);
      if (overloads.length === 0) continue;
      // torch.linalg.norm is torch._C._linalg.linalg_norm (the binding keeps its prefix).
      const pyName = space === "linalg" || space === "special" || space === "fft" ? name.replace(`${space}_`, "") : name;
      if (space !== "nn" && !isPublic(pyName)) continue;
      const id = ident(pyName);
      // Functions with the same overloads (the unary ops…) share one named type.
      const block = `{\n${overloads.map((o) => `  ${o};`).join("\n")}\n}`;
      let type = signatureTypes.get(block);
      if (type === undefined && overloadCounts.get(block)! > 1) {
        type = `${pyName.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Signature`;
        signatureTypes.set(block, type);
        body += `\n/** The overloads of ${pyName} and of the functions with the same ones. */\ntype ${type} = ${block};\n`;
      }
      body += `\n${doc(space, pyName, decls)}\nconst ${id}: ${type ?? block} = fn(${JSON.stringify(name)}, decls.${space}[${JSON.stringify(name)}]);\n`;
      exported.push(id === pyName ? pyName : `${id} as ${pyName}`);
    }
    body += `\nexport { ${exported.join(", ")} };\n`;
    body = HEADER(versions) + imports(body, true) + body;
    counts[space] = exported.length;
    fs.writeFileSync(path.join(outDir, `${space === "torch" ? "torch" : space}.ts`), body);
  }

  // Tensor methods: the interface lib/tensor.ts extends, and the installer's list.
  let methods = `\n/** The generated Tensor methods (lib/tensor.ts's Tensor extends this). */\nexport interface GeneratedTensorMethods {\n`;
  const names: string[] = [];
  for (const [name, decls] of merged.Tensor) {
    if (hand.tensor.has(name) || !isPublic(name)) continue;
    const overloads = tsOverloads(name, decls, true, null);
    if (overloads.length === 0) continue;
    names.push(name);
    methods += `${doc("Tensor", name, decls).replace(/^/gm, "  ")}\n${overloads.map((o) => `  ${key(name)}${o};`).join("\n")}\n`;
  }
  methods += `}\n\n/** The methods installed on Tensor.prototype. */\nexport const methodNames = ${JSON.stringify(names)} as const;\nexport { decls };\n`;
  counts.Tensor = names.length;
  methods = HEADER(versions) + imports(methods, false) + methods;
  fs.writeFileSync(path.join(outDir, "tensor_methods.ts"), methods);
  console.log(`generated from PyTorch ${versions.join(", ")}: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}

main();
// parseSchema is re-exported for readers following one op through.
export { parseSchema };
