/** torch.nn.utils.init (torch/nn/utils/init.py): skip_init. */
import { splitOptions } from "../../_pydef";
import { RuntimeError, TorchTypeError } from "../../errors";
import { Module } from "../modules/module";

/**
 * nn.utils.skip_init(module_cls, ...args, { device = 'cpu', ...kwargs }): the module built on the meta device,
 * then moved to `device` with uninitialised parameters and buffers (no random draws, no init cost).
 * @example const fc = nn.utils.skip_init(nn.Linear, 5, 1); // then initialise fc.weight as you like
 */
export function skip_init<M extends Module>(module_cls: new (...args: never[]) => M, ...args: unknown[]): M {
  if (typeof module_cls !== "function" || !(module_cls.prototype instanceof Module || (module_cls as unknown) === Module)) {
    throw new RuntimeError(`Expected a Module; got ${describeClass(module_cls)}`);
  }
  const [pos, kw] = splitOptions(args);
  const { device: finalDevice = "cpu", ...rest } = kw;
  let module: M;
  try {
    module = new (module_cls as unknown as new (...a: unknown[]) => M)(...pos, { ...rest, device: "meta" });
  } catch (e) {
    // Python asks inspect.signature for a 'device' parameter; here the constructor's own binder says so.
    if (e instanceof TorchTypeError && /unexpected keyword argument 'device'/.test(e.message)) {
      throw new RuntimeError("Module must support a 'device' arg to skip initialization");
    }
    throw e;
  }
  return module.to_empty({ device: finalDevice as string });
}

function describeClass(v: unknown): string {
  if (typeof v === "function") return `<class '${v.name}'>`;
  return String(v);
}
