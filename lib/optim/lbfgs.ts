/**
 * optim.LBFGS (torch/optim/lbfgs.py): L-BFGS with an optional strong-Wolfe
 * line search, one parameter group, its state kept on the first parameter.
 *
 * PyTorch's code mixes Python floats (doubles) and 0-d tensors (of the
 * parameters' dtype): `t` is a tensor after the first iteration's step guess
 * or a line search, `f + c1 * t * gtd` is a tensor, `1. / ys` is
 * `ys.reciprocal() * 1.`. Each operation here does its arithmetic on the side
 * Python does (see `Num` below), so the numbers match bit for bit.
 */
import { set_grad_enabled } from "../autograd/grad_mode";
import { cat } from "../_generated/torch";
import { expected, IndexError, RuntimeError, ValueError } from "../errors";
import { floatRepr } from "../_pyformat";
import { untracked } from "../memory";
import { Tensor } from "../tensor";
import { torchAtLeast } from "../version";
import { checkNumbers, Optimizer, type OptimizerState, type Params } from "./optimizer";
import { isSparse } from "./sparse_adam";

export type LBFGSOptions = {
  lr?: number;
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
  line_search_fn?: "strong_wolfe" | null;
  /** PyTorch 2.x only. */
  maximize?: boolean;
};

// PyTorch 2.x (checked against 1.13 and 2.15; the releases between are taken
// to be as 2.15) checks lr, has `maximize`, caps the line search at the
// evaluations left (max_ls = max_eval - current_evals), and returns the
// closure's loss at once when the group has no parameters.
const V2 = torchAtLeast(2);

/** A Python value of lbfgs.py's arithmetic: a float (a double) or a 0-d tensor. */
type Num = number | Tensor;

// Python's binary operators on float/tensor mixes. A tensor on either side does
// the arithmetic in its dtype (the float becomes a scalar of that dtype);
// `float - T` is torch.rsub and `float / T` is `T.reciprocal() * float`, as
// Tensor.__rsub__ and __rtruediv__ are.
const add = (a: Num, b: Num): Num => (a instanceof Tensor ? a.add(b) : b instanceof Tensor ? b.add(a) : a + b);
const sub = (a: Num, b: Num): Num => (a instanceof Tensor ? a.sub(b) : b instanceof Tensor ? b.neg().add(a) : a - b);
const mul = (a: Num, b: Num): Num => (a instanceof Tensor ? a.mul(b) : b instanceof Tensor ? b.mul(a) : a * b);
const div = (a: Num, b: Num): Num => (a instanceof Tensor ? a.div(b) : b instanceof Tensor ? b.reciprocal().mul(a) : pyDivide(a, b));
const abs = (a: Num): Num => (a instanceof Tensor ? a.abs() : Math.abs(a));
// a < b and a > b (the overloads take a Tensor or a Scalar alike), reflected to the tensor's side as Python does (`1. < T` is `T > 1.`).
const lt = (a: Num, b: Num): boolean => (a instanceof Tensor ? truth(a.lt(b as Tensor)) : b instanceof Tensor ? truth(b.gt(a)) : a < b);
const gt = (a: Num, b: Num): boolean => lt(b, a);
const le = (a: Num, b: Num): boolean => (a instanceof Tensor ? truth(a.le(b as Tensor)) : b instanceof Tensor ? truth(b.ge(a)) : a <= b);
const ge = (a: Num, b: Num): boolean => le(b, a);
// Python's min/max of two or more: the first is kept unless a later one is strictly smaller (larger).
const pyMin = (...xs: Num[]): Num => xs.reduce((m, x) => (lt(x, m) ? x : m));
const pyMax = (...xs: Num[]): Num => xs.reduce((m, x) => (gt(x, m) ? x : m));
const truth = (t: Tensor): boolean => Boolean(t.item());
/** float(x): a tensor's value as a double. */
const toFloat = (x: Num): number => (x instanceof Tensor ? (x.item()) : x);

function pyDivide(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("float division by zero");
  return a / b;
}

/** Python's ZeroDivisionError (a float divided by 0.0 in the line search's arithmetic). */
export class ZeroDivisionError extends RuntimeError {
  override name = "ZeroDivisionError";
}

/** _cubic_interpolate: the minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to bounds. */
function cubicInterpolate(x1: Num, f1: number, g1: Tensor, x2: Num, f2: number, g2: Tensor, bounds?: [Num, Num]): Num {
  const [xmin_bound, xmax_bound] = bounds ?? (le(x1, x2) ? [x1, x2] : [x2, x1]);
  // d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2); d2_square = d1**2 - g1 * g2
  const d1 = sub(add(g1, g2), div(3 * (f1 - f2), sub(x1, x2))) as Tensor;
  const d2_square = d1.pow(2).sub(g1.mul(g2));
  if (truth(d2_square.ge(0))) {
    const d2 = d2_square.sqrt();
    const min_pos = le(x1, x2)
      ? sub(x2, mul(sub(x2, x1), g2.add(d2).sub(d1).div(g2.sub(g1).add(d2.mul(2)))))
      : sub(x1, mul(sub(x1, x2), g1.add(d2).sub(d1).div(g1.sub(g2).add(d2.mul(2)))));
    return pyMin(pyMax(min_pos, xmin_bound), xmax_bound);
  }
  return div(add(xmin_bound, xmax_bound), 2.0);
}

type ObjFunc = (x: Tensor[], t: Num, d: Tensor) => [number, Tensor];

/** _strong_wolfe: a line search for a step t that meets the strong Wolfe conditions (lswolfe.lua). */
function strongWolfe(obj_func: ObjFunc, x: Tensor[], t: Num, d: Tensor, f: number, g: Tensor, gtd: Tensor, max_ls = 25): [number, Tensor, Num, number] {
  const c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9;
  const d_norm = d.abs().max();
  g = g.clone();
  let [f_new, g_new] = obj_func(x, t, d);
  let ls_func_evals = 1;
  let gtd_new = g_new.dot(d);

  // Bracket an interval containing a point that meets the Wolfe conditions.
  let t_prev: Num = 0, f_prev = f, g_prev = g, gtd_prev = gtd;
  let done = false;
  let ls_iter = 0;
  let bracket: Num[] = [], bracket_f: number[] = [], bracket_g: Tensor[] = [], bracket_gtd: Tensor[] = [];
  while (ls_iter < max_ls) {
    // f_new > f + c1 * t * gtd, or no decrease after the second try
    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || (ls_iter > 1 && f_new >= f_prev)) {
      [bracket, bracket_f, bracket_g, bracket_gtd] = [[t_prev, t], [f_prev, f_new], [g_prev, g_new.clone()], [gtd_prev, gtd_new]];
      break;
    }
    if (le(gtd_new.abs(), gtd.mul(-c2))) {
      [bracket, bracket_f, bracket_g] = [[t], [f_new], [g_new]];
      done = true;
      break;
    }
    if (ge(gtd_new, 0)) {
      [bracket, bracket_f, bracket_g, bracket_gtd] = [[t_prev, t], [f_prev, f_new], [g_prev, g_new.clone()], [gtd_prev, gtd_new]];
      break;
    }
    // Interpolate.
    const min_step = add(t, mul(0.01, sub(t, t_prev)));
    const max_step = mul(t, 10);
    const tmp = t;
    t = cubicInterpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
    // The next step.
    t_prev = tmp;
    f_prev = f_new;
    g_prev = g_new.clone();
    gtd_prev = gtd_new;
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
  }
  // Out of iterations: bracket [0, t], as PyTorch keeps the last gtds.
  if (ls_iter === max_ls) [bracket, bracket_f, bracket_g] = [[0, t], [f, f_new], [g, g_new]];

  // max_ls < 0 (2.x, max_eval below the evaluations made) leaves no bracket, as in Python.
  if (bracket_f.length === 0) throw new RuntimeError("cannot access local variable 'bracket_f' where it is not associated with a value");

  // Zoom: refine the bracket until a point meets the conditions.
  let insuf_progress = false;
  let [low_pos, high_pos] = bracket_f[0] <= bracket_f[bracket_f.length - 1] ? [0, 1] : [1, 0];
  while (!done && ls_iter < max_ls) {
    // The bracket is too small.
    if (lt(mul(abs(sub(bracket[1], bracket[0])), d_norm), tolerance_change)) break;
    t = cubicInterpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);
    // A t too close to the bracket's ends (twice running, or outside it) moves 0.1 * length inside.
    const eps = mul(0.1, sub(pyMax(...bracket), pyMin(...bracket)));
    if (lt(pyMin(sub(pyMax(...bracket), t), sub(t, pyMin(...bracket))), eps)) {
      if (insuf_progress || ge(t, pyMax(...bracket)) || le(t, pyMin(...bracket))) {
        t = lt(abs(sub(t, pyMax(...bracket))), abs(sub(t, pyMin(...bracket)))) ? sub(pyMax(...bracket), eps) : add(pyMin(...bracket), eps);
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    // Evaluate the new point.
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;

    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || f_new >= bracket_f[low_pos]) {
      // Armijo not met, or not below the lowest point: t becomes the high end.
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new.clone();
      bracket_gtd[high_pos] = gtd_new;
      [low_pos, high_pos] = bracket_f[0] <= bracket_f[1] ? [0, 1] : [1, 0];
    } else {
      if (le(gtd_new.abs(), gtd.mul(-c2))) {
        done = true; // the Wolfe conditions hold
      } else if (ge(gtd_new.mul(sub(bracket[high_pos], bracket[low_pos])), 0)) {
        // The old high becomes the new low.
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos];
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      // The new point becomes the new low.
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new.clone();
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  return [bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals];
}

/**
 * optim.LBFGS(params, { lr = 1, max_iter = 20, max_eval = max_iter * 5 // 4, tolerance_grad = 1e-7,
 * tolerance_change = 1e-9, history_size = 100, line_search_fn = null, maximize = false (2.x) }):
 * https://pytorch.org/docs/stable/generated/torch.optim.LBFGS.html. One parameter group only;
 * `step(closure)` needs the closure, which it may call many times (under enable_grad).
 * @example
 * const optimizer = new optim.LBFGS(model.parameters(), { line_search_fn: "strong_wolfe" });
 * optimizer.step(() => { optimizer.zero_grad(); const loss = loss_fn(model(X), y); loss.backward(); return loss; });
 */
export class LBFGS extends Optimizer {
  private _params: Tensor[];
  private _numel_cache: number | null = null;

  constructor(params: Params, options: LBFGSOptions = {}) {
    const { lr = 1, max_iter = 20, tolerance_grad = 1e-7, tolerance_change = 1e-9, history_size = 100, line_search_fn = null, maximize = false } = options;
    checkNumbers({ lr, max_iter, tolerance_grad, tolerance_change, history_size });
    if (V2 && !(0.0 <= lr)) throw new ValueError(`Invalid learning rate: ${floatRepr(lr)}`);
    const max_eval = options.max_eval ?? Math.floor((max_iter * 5) / 4);
    if (typeof max_eval !== "number") throw expected("a number", "max_eval", max_eval);
    if (line_search_fn !== null && typeof line_search_fn !== "string") throw expected("a string or null", "line_search_fn", line_search_fn);
    super(params, { lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn, ...(V2 && { maximize }) });
    if (this.param_groups.length !== 1) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
    this._params = this.param_groups[0].params;
  }

  private _numel(): number {
    return (this._numel_cache ??= this._params.reduce((total, p) => total + p.numel(), 0));
  }

  /** All gradients in one flat vector (zeros for a parameter without one), negated under maximize. */
  private _gather_flat_grad(): Tensor {
    const views = this._params.map((p) => {
      if (p.grad === null) return p.new_zeros([p.numel()]);
      if (isSparse(p.grad)) return p.grad.to_dense().view(-1);
      return p.grad.view(-1);
    });
    const flat_grad = cat(views, 0);
    if (this.param_groups[0].maximize === true) flat_grad.neg_();
    return flat_grad;
  }

  /** Each parameter += step_size * its slice of update. */
  private _add_grad(step_size: Num, update: Tensor): void {
    const alpha = toFloat(step_size);
    let offset = 0;
    for (const p of this._params) {
      const numel = p.numel();
      p.add_(update.narrow(0, offset, numel).view_as(p), { alpha });
      offset += numel;
    }
    if (offset !== this._numel()) throw new Error(`Expected offset ${offset} to equal ${this._numel()}`);
  }

  private _clone_param(): Tensor[] {
    return this._params.map((p) => p.clone().contiguous());
  }

  private _set_param(params_data: Tensor[]): void {
    this._params.forEach((p, i) => p.copy_(params_data[i]));
  }

  /** The loss and flat gradient at x + t * d; the parameters are put back to x. */
  private _directional_evaluate(closure: () => Tensor | number, x: Tensor[], t: Num, d: Tensor): [number, Tensor] {
    this._add_grad(t, d);
    let loss = toFloat(closure());
    if (this.param_groups[0].maximize === true) loss = -loss;
    const flat_grad = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat_grad];
  }

  /** step(closure): up to max_iter L-BFGS iterations; returns the closure's first loss. */
  override step(closure?: () => Tensor): Tensor | undefined {
    if (typeof closure !== "function") throw new TypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    if (this.param_groups.length !== 1) throw new Error(`Expected exactly one param_group, but got ${this.param_groups.length}`);
    // The closure always runs with grad enabled, the step itself without.
    const evaluate = (): Tensor => set_grad_enabled(true, closure) as Tensor;
    if (V2 && this._params.length === 0) return evaluate();
    const result = set_grad_enabled(false, () => this._step(evaluate));
    const state = this.state.get(this._params[0])!;
    for (const value of Object.values(state)) untrackAll(value);
    return result;
  }

  private _step(closure: () => Tensor): Tensor {
    const group = this.param_groups[0];
    const lr = group.lr as number, max_iter = group.max_iter as number, max_eval = group.max_eval as number;
    const tolerance_grad = group.tolerance_grad as number, tolerance_change = group.tolerance_change as number;
    const line_search_fn = group.line_search_fn, history_size = group.history_size as number;
    const maximize = group.maximize === true;

    // LBFGS's state is global; PyTorch keeps it on the first parameter (so load_state_dict casts it).
    if (this._params.length === 0) throw new IndexError("list index out of range");
    const state: OptimizerState = this.stateOf(this._params[0]);
    state.func_evals ??= 0;
    state.n_iter ??= 0;

    // The first f(x) and df/dx.
    const orig_loss = closure();
    let loss = maximize ? -toFloat(orig_loss) : toFloat(orig_loss);
    let current_evals = 1;
    (state.func_evals as number) += 1;

    let flat_grad = this._gather_flat_grad();
    let opt_cond = le(flat_grad.abs().max(), tolerance_grad);
    if (opt_cond) return orig_loss;

    let d = state.d as Tensor;
    let t = state.t as Num;
    let old_dirs = state.old_dirs as Tensor[];
    let old_stps = state.old_stps as Tensor[];
    let ro = state.ro as Tensor[];
    let H_diag = state.H_diag as Num;
    let prev_flat_grad = (state.prev_flat_grad ?? null) as Tensor | null;
    let prev_loss = state.prev_loss as number;

    let n_iter = 0;
    while (n_iter < max_iter) {
      n_iter += 1;
      (state.n_iter as number) += 1;

      // The descent direction.
      if (state.n_iter === 1) {
        d = flat_grad.neg();
        old_dirs = [];
        old_stps = [];
        ro = [];
        H_diag = 1;
      } else {
        // Update the memory.
        const y = flat_grad.sub(prev_flat_grad!);
        const s = d.mul(t);
        const ys = y.dot(s);
        if (gt(ys, 1e-10)) {
          if (old_dirs.length === history_size) {
            // Shift the history by one (limited memory).
            old_dirs.shift();
            old_stps.shift();
            ro.shift();
          }
          old_dirs.push(y);
          old_stps.push(s);
          ro.push(div(1.0, ys) as Tensor);
          // The scale of the initial Hessian approximation.
          H_diag = ys.div(y.dot(y));
        }
        // The L-BFGS inverse Hessian times the gradient, in one buffer.
        const num_old = old_dirs.length;
        if (!("al" in state)) state.al = new Array<Tensor | null>(history_size).fill(null);
        const al = state.al as (Tensor | null)[];
        const q = flat_grad.neg();
        for (let i = num_old - 1; i >= 0; i--) {
          al[i] = old_stps[i].dot(q).mul(ro[i]);
          q.add_(old_dirs[i], { alpha: toFloat(al[i]!.neg()) });
        }
        // Times the initial Hessian; r (= d) is the direction.
        const r = q.mul(H_diag);
        d = r;
        for (let i = 0; i < num_old; i++) {
          const be_i = old_dirs[i].dot(r).mul(ro[i]);
          r.add_(old_stps[i], { alpha: toFloat(al[i]!.sub(be_i)) });
        }
      }
      if (prev_flat_grad === null) prev_flat_grad = flat_grad.clone();
      else prev_flat_grad.copy_(flat_grad);
      prev_loss = loss;

      // The step length: a guess from the gradient's size on the very first iteration.
      t = state.n_iter === 1 ? mul(pyMin(1.0, div(1.0, flat_grad.abs().sum())), lr) : lr;

      // The directional derivative; stop where it is below tolerance.
      const gtd = flat_grad.dot(d);
      if (gt(gtd, -tolerance_change)) break;

      let ls_func_evals = 0;
      if (line_search_fn !== null) {
        if (line_search_fn !== "strong_wolfe") throw new RuntimeError("only 'strong_wolfe' is supported");
        const x_init = this._clone_param();
        const obj_func: ObjFunc = (x, step, dir) => this._directional_evaluate(closure, x, step, dir);
        [loss, flat_grad, t, ls_func_evals] = strongWolfe(obj_func, x_init, t, d, loss, flat_grad, gtd, V2 ? max_eval - current_evals : 25);
        this._add_grad(t, d);
        opt_cond = le(flat_grad.abs().max(), tolerance_grad);
      } else {
        // A fixed step; the function is evaluated again except on the last iteration.
        this._add_grad(t, d);
        if (n_iter !== max_iter) {
          loss = toFloat(closure());
          if (maximize) loss = -loss;
          flat_grad = this._gather_flat_grad();
          opt_cond = le(flat_grad.abs().max(), tolerance_grad);
          ls_func_evals = 1;
        }
      }
      current_evals += ls_func_evals;
      (state.func_evals as number) += ls_func_evals;

      // The stopping conditions.
      if (n_iter === max_iter) break;
      if (current_evals >= max_eval) break;
      if (opt_cond) break;
      if (le(d.mul(t).abs().max(), tolerance_change)) break; // no progress
      if (Math.abs(loss - prev_loss) < tolerance_change) break;
    }

    Object.assign(state, { d, t, old_dirs, old_stps, ro, H_diag, prev_flat_grad, prev_loss });
    return orig_loss;
  }
}

// The state outlives the tidy scope the step ran in, as Python's state dict holds it.
function untrackAll(value: unknown): void {
  if (value instanceof Tensor) untracked(value);
  else if (Array.isArray(value)) value.forEach(untrackAll);
}
