/**
 * torchvision.utils: make_grid and save_image, with torchvision's arithmetic
 * (the same grid and the same 8-bit pixels); save_image writes PNG (what
 * PIL writes for a .png name), through node:zlib, with no image library.
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { stack, cat } from "../_generated/torch";
import { uint8 } from "../dtype";
import { TorchTypeError, ValueError } from "../errors";
import { binder } from "../_pydef";
import { crc32 } from "../serialization/zip";
import { Tensor } from "../tensor";
import { pyTypeName } from "../_pyformat";

const MAKE_GRID = "tensor, nrow=8, padding=2, normalize=False, value_range=None, scale_each=False, pad_value=0.0";
const bindGrid = binder("make_grid", MAKE_GRID);

/** torchvision.utils.make_grid(tensor, nrow = 8, padding = 2, normalize = False, value_range = None, scale_each = False, pad_value = 0.0) */
export function make_grid(tensor: Tensor | Tensor[], ...args: unknown[]): Tensor {
  const [, nrow, padding, normalize, value_range, scale_each, pad_value] = bindGrid([tensor, ...args]) as [unknown, number, number, boolean, number[] | null, boolean, number];
  if (!(tensor instanceof Tensor)) {
    if (!Array.isArray(tensor)) throw new TorchTypeError(`tensor or list of tensors expected, got <class '${pyTypeName(tensor)}'>`);
    for (const t of tensor) if (!(t instanceof Tensor)) throw new TorchTypeError(`tensor or list of tensors expected, got a list containing <class '${pyTypeName(t)}'>`);
    tensor = stack(tensor, 0);
  }
  let t = tensor;
  if (t.dim() === 2) t = t.unsqueeze(0);
  if (t.dim() === 3) {
    if (t.size(0) === 1) t = cat([t, t, t], 0);
    t = t.unsqueeze(0);
  }
  if (t.dim() === 4 && t.size(1) === 1) t = cat([t, t, t], 1);
  if (normalize === true) {
    t = t.clone();
    if (value_range !== null && !Array.isArray(value_range)) throw new TorchTypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers");
    const normIp = (img: Tensor, low: number, high: number) => {
      img.clamp_({ min: low, max: high });
      img.sub_(low).div_(Math.max(high - low, 1e-5));
    };
    const normRange = (img: Tensor) =>
      value_range !== null ? normIp(img, value_range[0], value_range[1]) : normIp(img, img.min().item(), img.max().item());
    if (scale_each === true) for (const img of t) normRange(img);
    else normRange(t);
  }
  if (t.size(0) === 1) return t.squeeze(0);
  const nmaps = t.size(0);
  const xmaps = Math.min(nrow, nmaps);
  const ymaps = Math.ceil(nmaps / xmaps);
  const height = t.size(2) + padding, width = t.size(3) + padding;
  const grid = t.new_full([t.size(1), height * ymaps + padding, width * xmaps + padding], pad_value);
  let k = 0;
  for (let y = 0; y < ymaps; y++) {
    for (let x = 0; x < xmaps && k < nmaps; x++, k++) {
      grid.narrow(1, y * height + padding, height - padding).narrow(2, x * width + padding, width - padding).copy_(t.index(k));
    }
  }
  return grid;
}

/** The 8-bit H×W×C pixels save_image writes: grid·255 + 0.5, clamped, truncated to uint8. */
export function to_pixels(grid: Tensor): Tensor {
  return grid.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to("cpu", uint8);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const body = Buffer.concat([head.subarray(4), data]);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body) >>> 0, 0);
  return Buffer.concat([head.subarray(0, 4), body, tail]);
}

/** A PNG of H×W×C uint8 pixels (C = 1, 3 or 4), as PIL saves Image.fromarray(pixels). */
export function encode_png(pixels: Tensor): Buffer {
  const [h, w, c] = pixels.dim() === 2 ? [...pixels.shape, 1] : pixels.shape;
  const color = { 1: 0, 3: 2, 4: 6 }[c];
  if (color === undefined) throw new ValueError(`encode_png: expected 1, 3 or 4 channels, got ${c}`);
  const data = pixels.contiguous().toTypedArray() as Uint8Array;
  const rows = Buffer.alloc(h * (w * c + 1));
  for (let y = 0; y < h; y++) rows.set(data.subarray(y * w * c, (y + 1) * w * c), y * (w * c + 1) + 1); // filter 0 per row
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, color, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(rows)), chunk("IEND", new Uint8Array(0))]);
}

/** torchvision.utils.save_image(tensor, fp, format = None, **make_grid's keywords): a PNG of the grid. */
export function save_image(tensor: Tensor | Tensor[], fp: string, options: { format?: string | null; nrow?: number; padding?: number; normalize?: boolean; value_range?: [number, number] | null; scale_each?: boolean; pad_value?: number } = {}): void {
  const { format = null, ...grid } = options;
  const name = format ?? fp.slice(fp.lastIndexOf(".") + 1);
  if (name.toLowerCase() !== "png") throw new ValueError(`save_image: torchnode writes PNG only (got '${name}')`);
  fs.writeFileSync(fp, encode_png(to_pixels(make_grid(tensor, grid))));
}
