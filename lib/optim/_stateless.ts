/**
 * optim.swap_in_optimizer_params_and_state (torch/optim/_stateless.py): runs
 * an optimizer on other parameters and another state dict for a while, then
 * puts its own back. Python's context manager becomes a callback, as
 * torch.no_grad(fn) is: the swap holds while fn runs.
 */
import { RuntimeError } from "../errors";
import { pyTypeName } from "../_pyformat";
import { Tensor } from "../tensor";
import { requireRelease, type Optimizer, type OptimizerState, type OptimizerStateDict, type ParamGroup } from "./optimizer";

const NAME = "swap_in_optimizer_params_and_state";

const isDict = (value: unknown): value is Record<string, unknown> => pyTypeName(value) === "dict";
// A packed id, as an object key ("3") or as a number.
const isId = (key: string | number): boolean => Number.isInteger(typeof key === "number" ? key : Number(key)) && String(Number(key)) === String(key);
// Python's repr of a list of keys (ids print as ints, names quoted).
const keyList = (keys: (string | number)[]): string => `[${keys.map((k) => (isId(k) ? String(k) : `'${k}'`)).join(", ")}]`;

/** _validate_state_field: packed ids to per-parameter state dicts. */
function validateState(state: unknown): Record<string, unknown> {
  if (state instanceof Map) {
    if ([...state.keys()].some((k) => k instanceof Tensor)) {
      throw new RuntimeError(`${NAME} requires optimizer.state_dict()-style state keyed by packed parameter ids.`);
    }
    state = Object.fromEntries(state);
  }
  if (!isDict(state)) {
    throw new RuntimeError(`${NAME} requires swapin_optim_state['state'] to be a dict mapping packed parameter ids to per-param state dicts, got ${pyTypeName(state)}.`);
  }
  if (Object.entries(state).some(([k, v]) => isId(k) && !isDict(v))) {
    throw new RuntimeError(`${NAME} requires per-parameter optimizer state entries to be dictionaries.`);
  }
  return state;
}

/** _validate_group_against_live: a dict with the live group's keys and as many integer ids as it has parameters. */
function validateGroup(index: number, live: ParamGroup, group: unknown): number[] {
  if (!isDict(group)) throw new RuntimeError(`${NAME} requires each optimizer param group to be a dictionary.`);
  const ids = group.params;
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) {
    throw new RuntimeError(`${NAME} requires optimizer.state_dict()-style param_groups[*]['params'] entries keyed by packed parameter ids.`);
  }
  if (live.params.length !== ids.length) {
    throw new RuntimeError(`swapin_optim_state param group ${index} has a different number of params than the live optimizer param group.`);
  }
  const swapinOnly = Object.keys(group).filter((k) => !(k in live));
  const liveOnly = Object.keys(live).filter((k) => !(k in group));
  if (swapinOnly.length || liveOnly.length) {
    throw new RuntimeError(
      `${NAME} requires optimizer.state_dict()-style param group keys to exactly match the live optimizer group keys for group ${index}. ` +
        `Keys only in swap-in: ${keyList(swapinOnly)}. Keys only in live: ${keyList(liveOnly)}.`,
    );
  }
  return ids as number[];
}

/**
 * optim.swap_in_optimizer_params_and_state(optimizer, swapin_parameters, swapin_optim_state, fn):
 * while fn runs, the optimizer's groups hold `swapin_parameters` (in the order
 * of its own parameters, as model.named_parameters() gives them) and the
 * options of `swapin_optim_state`'s groups, and its state is that state dict's
 * (shallow copies of each parameter's entry, so in-place tensor updates reach
 * the caller's state dict and new entries do not). Afterwards the optimizer's
 * groups, options and state are its own again, also when fn throws (or its
 * promise rejects). Returns what fn returns.
 *
 * In PyTorch 2.15 (the release checked; which release first had it was not):
 * on an older libtorch it throws a NotImplementedError naming the release.
 * A plain object's integer-like keys ("0", "1") come first whatever their
 * order; pass a Map to keep any order.
 * @example
 * const fake = new Map([...model.named_parameters()].map(([n, p]) => [n, p.detach().clone()]));
 * optim.swap_in_optimizer_params_and_state(optimizer, fake, copiedStateDict, () => optimizer.step());
 */
export function swap_in_optimizer_params_and_state<T>(
  optimizer: Optimizer,
  swapin_parameters: Map<string, Tensor> | Record<string, Tensor>,
  swapin_optim_state: OptimizerStateDict,
  fn: () => T,
): T {
  requireRelease(`optim.${NAME}`, 2, 15);
  if (optimizer.state.size === 0) throw new RuntimeError(`${NAME} requires initialized optimizer state.`);
  if (!isDict(swapin_optim_state)) throw new RuntimeError(`${NAME} requires a DCP-style optimizer state_dict.`);
  const state = validateState(swapin_optim_state.state);
  const groups: unknown = swapin_optim_state.param_groups;
  if (!Array.isArray(groups)) {
    throw new RuntimeError(`${NAME} requires swapin_optim_state['param_groups'] to be a list of param-group dicts, got ${pyTypeName(groups)}.`);
  }
  if (groups.length !== optimizer.param_groups.length) {
    throw new RuntimeError("swapin_optim_state has a different number of parameter groups than the live optimizer.");
  }
  // Packed ids name no tensor: the parameters given are dealt out to the groups in order.
  const flat = swapin_parameters instanceof Map ? [...swapin_parameters.values()] : Object.values(swapin_parameters);
  let offset = 0;
  const seen = new Set<string>();
  const swaps = optimizer.param_groups.map((live, i) => {
    const ids = validateGroup(i, live, groups[i]);
    ids.forEach((id) => seen.add(String(id)));
    if (offset + ids.length > flat.length) {
      throw new RuntimeError(`${NAME} requires the explicit parameter state to match optimizer.param_groups ordering.`);
    }
    const params = flat.slice(offset, (offset += ids.length));
    return { live, group: groups[i] as Record<string, unknown>, ids, params };
  });
  const extra = Object.keys(state).filter((k) => !seen.has(k));
  if (extra.length) {
    throw new RuntimeError(`${NAME} requires swapin_optim_state['state'] to be keyed only by packed parameter ids from param_groups[*]['params']; got extra keys ${keyList(extra)}.`);
  }

  const originalState = optimizer.state;
  const snapshots = optimizer.param_groups.map((g) => ({ ...g }));
  const restore = (): void => {
    optimizer.param_groups.forEach((group, i) => {
      if (!snapshots[i]) return;
      for (const key of Object.keys(group)) delete group[key];
      Object.assign(group, snapshots[i]);
    });
    optimizer.state = originalState;
  };
  let result: T;
  try {
    const swapped = new Map<Tensor, OptimizerState>();
    for (const { live, group, ids, params } of swaps) {
      live.params = params;
      for (const [key, value] of Object.entries(group)) if (key !== "params") live[key] = value;
      params.forEach((p, j) => swapped.set(p, { ...(state[String(ids[j])] as OptimizerState | undefined) }));
    }
    optimizer.state = swapped;
    result = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
