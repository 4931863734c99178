/**
 * --device checked before any model is built: the string parsed by
 * torch.device (PyTorch's message for a bad one), then the device asked
 * whether it is there, in PyTorch's words ("Torch not compiled with CUDA
 * enabled"). Loads the addon, so it runs after the checks that need none.
 */

/** Why `spec` cannot be trained on here, or null when it can. */
export function deviceProblem(spec: string): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const torch = require("..") as typeof import("..");
  let device: InstanceType<typeof torch.device>;
  try {
    device = torch.device(spec);
  } catch (e) {
    return firstLine(e);
  }
  if (device.type === "cpu") return null;
  if (device.type === "meta") return "meta tensors hold no data: nothing can be trained on them";
  if (device.type === "cuda" && torch.cuda.is_available()) {
    // Counted, not allocated on: a CUDA context here would sit in the launcher for the whole run.
    const count = torch.cuda.device_count();
    if (device.index !== null && device.index >= count) return `CUDA error: invalid device ordinal (torch.cuda.device_count() is ${count})`;
    return null;
  }
  // What training's first tensor there would hit: "Torch not compiled with CUDA enabled", "Found no NVIDIA driver...".
  try {
    torch.empty([0], { device: spec });
  } catch (e) {
    return firstLine(e);
  }
  return null;
}

// PyTorch's messages go on with advice or the dispatcher's table of backends: the first sentence says it.
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0];
  const cut = line.indexOf(". This could be because");
  return cut > 0 ? line.slice(0, cut + 1) : line;
}
