/** torchnode/datasets: torchvision.datasets' MNIST and FashionMNIST. */
export { MNIST, FashionMNIST } from "./mnist";
export type { MNISTOptions } from "./mnist";
export { readIdx } from "./idx";
