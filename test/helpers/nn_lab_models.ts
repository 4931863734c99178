/**
 * The lab's three models (../shared/reference/lab.py, seed/lab-regularization.md),
 * ported line by line as PORTING.md says, and the lab's trajectory norms.
 */
import type { Tensor } from "../../lib";
import { nn } from "../../lib";

export class MLP extends nn.Module {
  flat = new nn.Flatten();
  h1 = new nn.Linear(28 * 28, 16);
  h2 = new nn.Linear(16, 32);
  h3 = new nn.Linear(32, 24);
  out = new nn.Linear(24, 10);

  forward(X: Tensor, activ_hidden: (t: Tensor) => Tensor = nn.functional.relu): Tensor {
    let out = this.flat(X);
    out = activ_hidden(this.h1(out));
    out = activ_hidden(this.h2(out));
    out = activ_hidden(this.h3(out));
    out = this.out(out);
    return out;
  }
}

export class MLP_BN extends nn.Module {
  layers = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(28 * 28, 16),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 16 }),
    new nn.Linear(16, 32),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 32 }),
    new nn.Linear(32, 24),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 24 }),
    new nn.Linear(24, 10),
  );

  forward(X: Tensor): Tensor {
    return this.layers(X);
  }
}

export class MLP_BN_Drop extends nn.Module {
  layers = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(28 * 28, 16),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 16 }),
    new nn.Linear(16, 32),
    new nn.ReLU(),
    new nn.Dropout({ p: 0.2 }),

    new nn.BatchNorm1d({ num_features: 32 }),
    new nn.Linear(32, 24),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 24 }),
    new nn.Linear(24, 10),
  );

  forward(X: Tensor): Tensor {
    return this.layers(X);
  }
}

export const LAB_MODELS = { MLP, MLP_BN, MLP_BN_Drop };
export type LabModelName = keyof typeof LAB_MODELS;

/** The lab's get_params_and_gradients_norm, line by line. */
export function get_params_and_gradients_norm(named_parameters: Iterable<[string, Tensor]>): [number, number] {
  const square_norms_params: Tensor[] = [];
  const square_norms_grads: Tensor[] = [];

  for (const [, param] of named_parameters) {
    if (param.requires_grad) {
      square_norms_params.push(param.pow(2).sum());
      square_norms_grads.push(param.grad!.pow(2).sum());
    }
  }

  const norm_params = square_norms_params.reduce((a, b) => a.add(b)).sqrt().item() as number;
  const norm_grads = square_norms_grads.reduce((a, b) => a.add(b)).sqrt().item() as number;

  return [norm_params, norm_grads];
}
