/**
 * The init methods of init_process_group (torch/distributed/rendezvous.py):
 * env:// (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT), tcp://host:port and
 * file:///path, each giving a store, this process's rank and the world size.
 * rank and world_size given to init_process_group ride in the URL's query,
 * and win over the environment, as in Python.
 */
import { RuntimeError, ValueError } from "../errors";
import { FileStore, TCPStore, type Store } from "./store";

export type Rendezvous = { store: Store; rank: number; world_size: number };

function queryToDict(query: string): Map<string, string> {
  return new Map(query.split("&").filter(Boolean).map((pair) => pair.split("=") as [string, string]));
}

function error(scheme: string, message: string): ValueError {
  return new ValueError(`Error initializing torch.distributed using ${scheme}:// rendezvous: ${message}`);
}

function integer(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ValueError(`invalid literal for int() with base 10: '${value}' (${what})`);
  return n;
}

/** Rank 0 hosts the TCPStore (multi-tenant, as PyTorch's), the others connect to it. */
function c10dStore(host: string, port: number, rank: number, world_size: number, timeout: number): Store {
  if (!(port >= 0 && port < 2 ** 16)) throw new ValueError(`port must have value from 0 to 65535 but was ${port}.`);
  return new TCPStore(host, port, world_size, rank === 0, { timeout, multi_tenant: true });
}

/** rendezvous(url, rank, world_size, timeout): the store for the URL's scheme. */
export function rendezvous(url: string, rank: number, world_size: number, timeout: number): Rendezvous {
  if (typeof url !== "string") throw new RuntimeError(`\`url\` must be a string. ${typeof url}: ${String(url)}`);
  if (!Number.isInteger(rank)) throw new RuntimeError(`\`rank\` must be an integer. ${rank}`);
  if (!Number.isInteger(world_size)) throw new RuntimeError(`\`world_size\` must be an integer. ${world_size}`);
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(/:$/, "");
  const query = queryToDict(parsed.search.replace(/^\?/, ""));
  if (rank !== -1 || world_size !== -1) {
    if (query.has("rank") || query.has("world_size")) throw new ValueError(`The url: ${url} has node-specific arguments(rank, world_size) already.`);
    if (rank !== -1) query.set("rank", String(rank));
    if (world_size !== -1) query.set("world_size", String(world_size));
  }
  const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw error(scheme, `environment variable ${name} expected, but not set`);
    return v;
  };
  const fromQuery = (name: "rank" | "world_size"): number => {
    const v = query.get(name);
    if (v === undefined) throw error(scheme, name === "rank" ? "rank parameter missing" : "world size parameter missing");
    return integer(v, name);
  };
  if (scheme === "env") {
    const r = query.has("rank") ? fromQuery("rank") : integer(env("RANK"), "RANK");
    const ws = query.has("world_size") ? fromQuery("world_size") : integer(env("WORLD_SIZE"), "WORLD_SIZE");
    const addr = env("MASTER_ADDR");
    const port = integer(env("MASTER_PORT"), "MASTER_PORT");
    return { store: c10dStore(addr, port, r, ws, timeout), rank: r, world_size: ws };
  }
  if (scheme === "tcp") {
    if (!parsed.port) throw error(scheme, "port number missing");
    const r = fromQuery("rank"), ws = fromQuery("world_size");
    return { store: c10dStore(parsed.hostname.replace(/^\[|\]$/g, ""), Number(parsed.port), r, ws, timeout), rank: r, world_size: ws };
  }
  if (scheme === "file") {
    const path = decodeURIComponent(parsed.pathname);
    if (!path) throw error(scheme, "path missing");
    const r = fromQuery("rank"), ws = fromQuery("world_size");
    return { store: new FileStore(path, ws), rank: r, world_size: ws };
  }
  throw new RuntimeError(`No rendezvous handler for ${scheme}://`);
}
