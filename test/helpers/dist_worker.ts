/**
 * One rank of a torch.distributed scenario (test/distributed.test.ts starts
 * two with RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT set): runs the
 * scenario named by argv[2] and prints one JSON line of what it saw.
 */
import * as torch from "../../lib";

const dist = torch.distributed;
const scenario = process.argv[2];
const out: Record<string, unknown> = {};

function collectives(): void {
  dist.init_process_group("gloo", { timeout: 20_000 });
  const r = dist.get_rank(), ws = dist.get_world_size();
  Object.assign(out, { rank: r, world_size: ws, backend: dist.get_backend(), initialized: dist.is_initialized() });
  const ops = { SUM: dist.ReduceOp.SUM, PRODUCT: dist.ReduceOp.PRODUCT, MIN: dist.ReduceOp.MIN, MAX: dist.ReduceOp.MAX };
  for (const [name, op] of Object.entries(ops)) {
    const t = torch.tensor([r + 1, -2 * (r + 1), 0.5 * r]);
    dist.all_reduce(t, { op });
    out[`all_reduce_${name}`] = t.tolist();
  }
  const ints = torch.tensor([BigInt(r + 1) * 3n]);
  dist.all_reduce(ints);
  out.all_reduce_int64 = [ints.dtype.toString(), String(ints.item())];
  const b = r === 0 ? torch.arange(4, { dtype: torch.float64 }) : torch.zeros(4, { dtype: torch.float64 });
  dist.broadcast(b, 0);
  out.broadcast = b.tolist();
  const red = torch.full([2], r + 1);
  dist.reduce(red, 1);
  out.reduce = red.tolist(); // the sum on rank 1; rank 0's own tensor is left as the collective leaves it
  const gathered = [torch.zeros(2), torch.zeros(2)];
  dist.all_gather(gathered, torch.tensor([r, 10 + r]));
  out.all_gather = gathered.map((g) => g.tolist());
  const list = r === 0 ? [torch.zeros(1), torch.zeros(1)] : null;
  dist.gather(torch.tensor([100 + r]), list, { dst: 0 });
  out.gather = list?.map((g) => g.tolist()) ?? null;
  const piece = torch.zeros(2);
  dist.scatter(piece, r === 0 ? [torch.tensor([1, 2]), torch.tensor([3, 4])] : null, { src: 0 });
  out.scatter = piece.tolist();
  if (r === 0) {
    dist.send(torch.tensor([42, 43]), 1, { tag: 7 });
  } else {
    const got = torch.zeros(2);
    out.recv_from = dist.recv(got, null, { tag: 7 });
    out.recv = got.tolist();
  }
  const objects: unknown[] = [null, null];
  dist.all_gather_object(objects, { rank: r, name: `rank${r}`, values: [1, 2.5, null, true], nested: { deep: ["x".repeat(r + 1)] } });
  out.all_gather_object = objects;
  const shared: unknown[] = r === 0 ? ["a", { k: 1, f: 0.25 }, [1, 2, [3]]] : [null, null, null];
  dist.broadcast_object_list(shared, 0);
  out.broadcast_object_list = shared;
  const w = dist.all_reduce(torch.ones(3), { async_op: true })!;
  out.async_work = [w instanceof dist.Work, w.wait()];
  dist.barrier();
  const even = dist.new_group([0]);
  out.new_group = even === dist.NON_GROUP_MEMBER ? "non-member" : [dist.get_rank(even), dist.get_world_size(even)];
  out.new_group_rank_outside = dist.get_rank(even);
  for (const [name, call] of [
    ["gloo_avg", () => dist.all_reduce(torch.ones(1), { op: dist.ReduceOp.AVG })],
    ["gloo_reduce_scatter", () => dist.reduce_scatter(torch.zeros(1), [torch.ones(1), torch.ones(1)])],
    ["init_twice", () => dist.init_process_group("gloo")],
  ] as const) {
    try {
      call();
      out[name] = "no error";
    } catch (e) {
      out[name] = `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
    }
  }
}

async function future(): Promise<void> {
  dist.init_process_group("gloo", { timeout: 20_000 });
  const rank = dist.get_rank();
  // Rank 1 joins the all-reduce 300 ms late: rank 0's event loop must keep turning meanwhile.
  if (rank === 1) await new Promise((resolve) => setTimeout(resolve, 300));
  const t = torch.tensor([rank + 1]);
  const work = dist.all_reduce(t, { async_op: true })!;
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  await work.get_future();
  clearInterval(timer);
  out.sum = t.item();
  out.completed = work.is_completed();
  if (rank === 0) out.event_loop_turned = ticks >= 10;
}

function initMethod(): void {
  // tcp:// and file:// with rank and world_size given, as Python takes them.
  const method = process.argv[3];
  dist.init_process_group("gloo", { init_method: method, rank: Number(process.env.RANK), world_size: 2, timeout: 20_000 });
  const t = torch.tensor([dist.get_rank() + 1]);
  dist.all_reduce(t);
  out.sum = t.item();
  dist.destroy_process_group();
  out.after_destroy = dist.is_initialized();
}

/** init_process_group that must fail within `timeout`: records the error, how long it took, and that no group was left. */
function initFails(timeout: number): void {
  const t0 = Date.now();
  try {
    dist.init_process_group("gloo", { timeout });
    out.error = "no error";
  } catch (e) {
    out.error = `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
  }
  out.seconds = (Date.now() - t0) / 1000;
  out.initialized = dist.is_initialized();
}
// The other rank never comes: the store times out and says so.
const lonely = () => initFails(2_000);
// Two ranks told WORLD_SIZE=3: each ends with an error within the timeout.
const wrongWorld = () => initFails(3_000);

const scenarios: Record<string, () => void | Promise<void>> = { collectives, future, init_method: initMethod, lonely, wrong_world: wrongWorld };
Promise.resolve(scenarios[scenario]()).then(() => {
  console.log(JSON.stringify(out));
  // Report first, then wait for the others: a rank that leaves while another is
  // still in a collective makes Gloo fail that rank (after its report, now).
  if (dist.is_initialized()) dist.barrier();
});
