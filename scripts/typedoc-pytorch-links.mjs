// TypeDoc plugin (npm run docs): gives every documented symbol that has a
// PyTorch (or torchvision, or safetensors) twin a "PyTorch" line linking to
// the twin's page, worked out from the symbol's name and place, since
// torchnode keeps PyTorch's names. Names only torchnode has (camelCase, such
// as dispose or toTypedArray) get no link.
import { Comment, CommentTag, Converter, ReflectionKind } from "typedoc";

const TORCH = "https://pytorch.org/docs/stable";
const VISION = "https://pytorch.org/vision/stable/generated";
const ONLY_TORCHNODE = /^[_[]|[a-z][A-Z]|^(dispose|tidy|keep)$/;
const SPECIAL = {
  "torch.Tensor": `${TORCH}/tensors.html`,
  "torch.Size": `${TORCH}/size.html`,
  "torch.device": `${TORCH}/tensor_attributes.html#torch.device`,
  "torch.dtype": `${TORCH}/tensor_attributes.html#torch.dtype`,
  "torch.nn.Module": `${TORCH}/generated/torch.nn.Module.html`,
};

/** The twin's dotted name and page, from the reflection's path (module first), or null. */
function twin(path) {
  const [module, ...names] = path;
  const name = names[names.length - 1];
  if (!name || ONLY_TORCHNODE.test(name) || /Error$/.test(name)) return null;
  if (module === "utils/data") return [`torch.utils.data.${names.join(".")}`, `${TORCH}/data.html#torch.utils.data.${names[0]}`];
  if (module === "datasets") return [`torchvision.datasets.${names[0]}`, `${VISION}/torchvision.datasets.${names[0]}.html`];
  if (module === "transforms") return [`torchvision.transforms.${names[0]}`, `${VISION}/torchvision.transforms.${names[0]}.html`];
  if (module === "safetensors") return [`safetensors.torch.${name}`, `https://huggingface.co/docs/safetensors/api/torch#safetensors.torch.${name}`];
  if (module !== "index") return null; // the lab's port links to the lab, not to PyTorch
  const dotted = `torch.${names.join(".")}`;
  if (SPECIAL[dotted]) return [dotted, SPECIAL[dotted]];
  if (names[0] === "nn" && names[1] === "init") return [dotted, `${TORCH}/nn.init.html#${dotted}`];
  // Methods of nn.Module and its subclasses are documented on nn.Module's page.
  if (names[0] === "nn" && names.length === 3 && /^[A-Z]/.test(names[1])) return [`torch.nn.Module.${name}`, `${TORCH}/generated/torch.nn.Module.html#torch.nn.Module.${name}`];
  if (names[0] === "optim" && names.length === 3 && /^[A-Z]/.test(names[1])) return [dotted, `${TORCH}/generated/torch.optim.${names[1]}.html#${dotted}`];
  return [dotted, `${TORCH}/generated/${dotted}.html`];
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const kinds = ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Method;
    for (const reflection of context.project.getReflectionsByKind(kinds)) {
      const path = [];
      for (let r = reflection; r && r.kind !== ReflectionKind.Project; r = r.parent) path.unshift(r.name);
      const found = twin(path);
      if (!found) continue;
      const [dotted, url] = found;
      const target = reflection.signatures?.[0] ?? reflection;
      target.comment ??= new Comment();
      target.comment.blockTags.push(new CommentTag("@see", [{ kind: "text", text: `PyTorch: [${dotted}](${url})` }]));
    }
  });
}
