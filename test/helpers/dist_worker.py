"""One rank of test/helpers/dist_worker.ts's "collectives" scenario, in Python
PyTorch: the reference the Node ranks must equal, and the Python rank of the
mixed Node + Python runs (test/distributed.test.ts).

    RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=29500 /usr/bin/python3 test/helpers/dist_worker.py collectives
"""
import json
import sys
from datetime import timedelta

import torch
import torch.distributed as dist


def collectives(out):
    dist.init_process_group("gloo", timeout=timedelta(seconds=20))
    r, ws = dist.get_rank(), dist.get_world_size()
    out.update(rank=r, world_size=ws, backend=dist.get_backend(), initialized=dist.is_initialized())
    ops = {"SUM": dist.ReduceOp.SUM, "PRODUCT": dist.ReduceOp.PRODUCT, "MIN": dist.ReduceOp.MIN, "MAX": dist.ReduceOp.MAX}
    for name, op in ops.items():
        t = torch.tensor([r + 1.0, -2.0 * (r + 1), 0.5 * r])
        dist.all_reduce(t, op=op)
        out[f"all_reduce_{name}"] = t.tolist()
    ints = torch.tensor([(r + 1) * 3])
    dist.all_reduce(ints)
    out["all_reduce_int64"] = [str(ints.dtype), str(ints.item())]
    b = torch.arange(4, dtype=torch.float64) if r == 0 else torch.zeros(4, dtype=torch.float64)
    dist.broadcast(b, 0)
    out["broadcast"] = b.tolist()
    red = torch.full([2], float(r + 1))
    dist.reduce(red, 1)
    out["reduce"] = red.tolist()
    gathered = [torch.zeros(2), torch.zeros(2)]
    dist.all_gather(gathered, torch.tensor([float(r), 10.0 + r]))
    out["all_gather"] = [g.tolist() for g in gathered]
    lst = [torch.zeros(1), torch.zeros(1)] if r == 0 else None
    dist.gather(torch.tensor([100.0 + r]), lst, dst=0)
    out["gather"] = [g.tolist() for g in lst] if lst is not None else None
    piece = torch.zeros(2)
    dist.scatter(piece, [torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])] if r == 0 else None, src=0)
    out["scatter"] = piece.tolist()
    if r == 0:
        dist.send(torch.tensor([42.0, 43.0]), 1, tag=7)
    else:
        got = torch.zeros(2)
        out["recv_from"] = dist.recv(got, None, tag=7)
        out["recv"] = got.tolist()
    objects = [None, None]
    dist.all_gather_object(objects, {"rank": r, "name": f"rank{r}", "values": [1, 2.5, None, True], "nested": {"deep": ["x" * (r + 1)]}})
    out["all_gather_object"] = objects
    lst = ["a", {"k": 1, "f": 0.25}, [1, 2, [3]]] if r == 0 else [None, None, None]
    dist.broadcast_object_list(lst, 0)
    out["broadcast_object_list"] = lst
    w = dist.all_reduce(torch.ones(3), async_op=True)
    out["async_work"] = [w is not None, w.wait()]
    dist.barrier()
    even = dist.new_group([0])
    out["new_group"] = "non-member" if even == dist.GroupMember.NON_GROUP_MEMBER else [dist.get_rank(even), dist.get_world_size(even)]
    out["new_group_rank_outside"] = dist.get_rank(even)
    for name, call in [
        ("gloo_avg", lambda: dist.all_reduce(torch.ones(1), op=dist.ReduceOp.AVG)),
        ("gloo_reduce_scatter", lambda: dist.reduce_scatter(torch.zeros(1), [torch.ones(1), torch.ones(1)])),
        ("init_twice", lambda: dist.init_process_group("gloo")),
    ]:
        try:
            call()
            out[name] = "no error"
        except Exception as e:  # the class and first line, as the Node side prints them
            out[name] = f"{type(e).__name__}: {str(e).splitlines()[0]}"


if __name__ == "__main__":
    result = {}
    {"collectives": collectives}[sys.argv[1]](result)
    print(json.dumps(result), flush=True)
    # Report first, then wait for the others (see dist_worker.ts).
    dist.barrier()
