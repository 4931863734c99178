/** The lab's three models, as the notebook defines them. */
import * as nn from "../nn";
import type { Tensor } from "../tensor";

/** The MLP of Lab 2: 784 → 16 → 32 → 24 → 10, with a hidden activation to choose. */
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

/** The MLP with batchnorm before every hidden layer but the first. */
export class MLP_BN extends nn.Module {
  layers = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(28 * 28, 16),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 16 }), // we specify the dimensionality of the incoming data
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

/** MLP_BN with dropout (p = 0.2) after the 32-neuron layer. */
export class MLP_BN_Drop extends nn.Module {
  layers = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(28 * 28, 16),
    new nn.ReLU(),

    new nn.BatchNorm1d({ num_features: 16 }),
    new nn.Linear(16, 32),
    new nn.ReLU(),
    new nn.Dropout({ p: 0.2 }), // we add a dropout here. it's referred to the previous layer (with 32 neurons)

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
