/**
 * The torch.* functions PyTorch writes in Python (torch/functional.py), on
 * the generated bindings they call.
 */
export {};
