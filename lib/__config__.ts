/**
 * torch.__config__ (torch/__config__.py): how this torchnode was built and
 * what it runs on. `show()` begins with torchnode's own lines (the binary
 * loaded, the libtorch it was built for and found, CUDA and cuDNN versions,
 * Node), then libtorch's build report: the first thing a bug report needs.
 * `npx torchnode info` prints it.
 */
import * as path from "node:path";
import { loadedFrom, native } from "./native";
import { libtorch_version, version } from "./version";

/** What `show()` reports, as data. */
export type BuildInfo = {
  torchnode: string;
  node: string;
  platform: string;
  napi: string;
  /** The .node file loaded, and what kind it is. */
  binary: string;
  binaryKind: "prebuild" | "local build" | "TORCHNODE_BINARY";
  /** Where the libtorch came from (null: the linker found it, as a local build's RPATH says). */
  libtorchSource: string | null;
  libtorch: string;
  flavour: "cpu" | "cuda";
  cxx11Abi: boolean;
  /** CUDA runtime and cuDNN versions of a CUDA build, as "13.2" and "9.26.0"; null otherwise. */
  cuda: string | null;
  cudnn: string | null;
  cudaAvailable: boolean;
  deviceCount: number;
};

function cudaVersion(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}
function cudnnVersion(v: number): string {
  // cuDNN 9 reports major*10000 + minor*100 + patch; cuDNN 8, major*1000 + minor*100 + patch.
  const major = v >= 90000 ? Math.floor(v / 10000) : Math.floor(v / 1000);
  const rest = v >= 90000 ? v % 10000 : v % 1000;
  return `${major}.${Math.floor(rest / 100)}.${rest % 100}`;
}

/** The build and runtime facts behind `show()`. */
export function info(): BuildInfo {
  const [cudart, cudnn] = native._cuda_versions() as [number | null, number | null];
  const binary = loadedFrom.binary;
  const kind = process.env.TORCHNODE_BINARY && path.resolve(process.env.TORCHNODE_BINARY) === binary ? "TORCHNODE_BINARY" : /\.libtorch-/.test(path.basename(binary)) ? "prebuild" : "local build";
  return {
    torchnode: version,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    napi: process.versions.napi ?? "?",
    binary,
    binaryKind: kind,
    libtorchSource: loadedFrom.libtorch,
    libtorch: libtorch_version,
    flavour: native._cuda_compiled ? "cuda" : "cpu",
    cxx11Abi: native._cxx11Abi,
    cuda: cudart === null ? null : cudaVersion(cudart),
    cudnn: cudnn === null ? null : cudnnVersion(cudnn),
    cudaAvailable: native._cuda_is_available(),
    deviceCount: native._cuda_device_count(),
  };
}

/**
 * torch.__config__.show(): torchnode's build and runtime, then libtorch's build configuration.
 * @example console.log(torch.__config__.show());
 */
export function show(): string {
  const i = info();
  const gpu = i.flavour === "cuda" ? `, CUDA ${i.cuda}${i.cudnn ? `, cuDNN ${i.cudnn}` : ""}` : "";
  const lines = [
    `torchnode ${i.torchnode} on Node ${i.node} (${i.platform}, N-API ${i.napi})`,
    `  addon: ${i.binary} (${i.binaryKind})`,
    `  libtorch ${i.libtorch}, ${i.flavour.toUpperCase()} flavour${gpu}, ${i.cxx11Abi ? "C++11" : "pre-C++11"} ABI, from ${i.libtorchSource ?? "the path the addon was linked with"}`,
    `  torch.cuda.is_available(): ${i.cudaAvailable}${i.cudaAvailable ? ` (${i.deviceCount} device${i.deviceCount === 1 ? "" : "s"})` : ""}`,
  ];
  return `${lines.join("\n")}\n${native._show_config() as string}`;
}

/** torch.__config__.parallel_info(): ATen's threads, OpenMP, MKL and their settings. */
export function parallel_info(): string {
  return native._parallel_info();
}
