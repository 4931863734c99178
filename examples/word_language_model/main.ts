/**
 * pytorch/examples' word_language_model/main.py, ported line by line: a
 * word-level language model (LSTM, GRU or Elman RNN) trained with plain SGD,
 * gradient clipping and learning-rate annealing on a text corpus. Run it as is:
 *
 *   npx tsx examples/word_language_model/main.ts --data examples/word_language_model/data/tiny --epochs 6 --emsize 32 --nhid 32
 *
 * What changes from Python is what docs/porting.md says, and three things:
 * the best model is saved as a state dict (torch.save(model) pickles the
 * class itself, which only Python can load back), --onnx-export is not
 * supported, and Ctrl+C stops the process instead of ending training early.
 * One option is this port's own, for short runs that check it against Python
 * (test/examples.test.ts): --losses writes every training loss to a JSON file.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import * as torch from "torchnode";
import { nn } from "torchnode";
import type { Tensor } from "torchnode";
import * as data from "./data";
import { RNNModel, TransformerModel, type Hidden } from "./model";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "./data/wikitext-2" }, // location of the data corpus
    model: { type: "string", default: "LSTM" }, // type of network (RNN_TANH, RNN_RELU, LSTM, GRU, Transformer)
    emsize: { type: "string", default: "200" }, // size of word embeddings
    nhid: { type: "string", default: "200" }, // number of hidden units per layer
    nlayers: { type: "string", default: "2" }, // number of layers
    lr: { type: "string", default: "20" }, // initial learning rate
    clip: { type: "string", default: "0.25" }, // gradient clipping
    epochs: { type: "string", default: "40" }, // upper epoch limit
    batch_size: { type: "string", default: "20" }, // batch size
    bptt: { type: "string", default: "35" }, // sequence length
    dropout: { type: "string", default: "0.2" }, // dropout applied to layers (0 = no dropout)
    tied: { type: "boolean", default: false }, // tie the word embedding and softmax weights
    seed: { type: "string", default: "1111" }, // random seed
    "log-interval": { type: "string", default: "200" }, // report interval
    save: { type: "string", default: "model.pt" }, // path to save the final model
    "onnx-export": { type: "string", default: "" }, // path to export the final model in onnx format
    nhead: { type: "string", default: "2" }, // the number of heads in the encoder/decoder of the transformer model
    "dry-run": { type: "boolean", default: false }, // verify the code and the model
    accel: { type: "boolean", default: false }, // Enables accelerated training
    "use-optimizer": { type: "boolean", default: false }, // Uses AdamW optimizer for gradient updating
    losses: { type: "string" },
  },
});
const int = (name: string): number => {
  const v = values[name as keyof typeof values] as string;
  if (!/^-?\d+$/.test(v)) throw new Error(`argument --${name}: invalid int value: '${v}'`);
  return Number(v);
};
const args = {
  data: values.data!, model: values.model!, emsize: int("emsize"), nhid: int("nhid"), nlayers: int("nlayers"), lr: Number(values.lr),
  clip: Number(values.clip), epochs: int("epochs"), batch_size: int("batch_size"), bptt: int("bptt"), dropout: Number(values.dropout),
  tied: values.tied!, seed: int("seed"), log_interval: int("log-interval"), save: values.save!, onnx_export: values["onnx-export"]!,
  nhead: int("nhead"), dry_run: values["dry-run"]!, accel: values.accel!, use_optimizer: values["use-optimizer"]!, losses: values.losses ?? null,
};
if (args.onnx_export.length > 0) throw new Error("--onnx-export: torchnode has no ONNX exporter");
const losses: number[] = [];

// Set the random seed manually for reproducibility.
torch.manual_seed(args.seed);

const device = args.accel && torch.cuda.is_available() ? torch.device("cuda") : torch.device("cpu");

console.log("Using device:", String(device));

///////////////////////////////////////////////////////////////////////////////
// Load data
///////////////////////////////////////////////////////////////////////////////

const corpus = new data.Corpus(args.data);

// Starting from sequential data, batchify arranges the dataset into columns.
// For instance, with the alphabet as the sequence and batch size 4, we'd get
// ┌ a g m s ┐
// │ b h n t │
// │ c i o u │
// │ d j p v │
// │ e k q w │
// └ f l r x ┘.
// These columns are treated as independent by the model, which means that the
// dependence of e. g. 'g' on 'f' can not be learned, but allows more efficient
// batch processing.

function batchify(data: Tensor, bsz: number): Tensor {
  // Work out how cleanly we can divide the dataset into bsz parts.
  const nbatch = Math.floor(data.size(0) / bsz);
  // Trim off any extra elements that wouldn't cleanly fit (remainders).
  data = data.narrow(0, 0, nbatch * bsz);
  // Evenly divide the data across the bsz batches.
  data = data.view(bsz, -1).t().contiguous();
  return data.to(device);
}

const eval_batch_size = 10;
const train_data = batchify(corpus.train, args.batch_size);
const val_data = batchify(corpus.valid, eval_batch_size);
const test_data = batchify(corpus.test, eval_batch_size);

///////////////////////////////////////////////////////////////////////////////
// Build the model
///////////////////////////////////////////////////////////////////////////////

const ntokens = corpus.dictionary.length;
let model: RNNModel | TransformerModel;
if (args.model === "Transformer") {
  model = new TransformerModel(ntokens, args.emsize, args.nhead, args.nhid, args.nlayers, args.dropout).to(device);
} else {
  model = new RNNModel(args.model, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout, args.tied).to(device);
}

const criterion = new nn.NLLLoss();
const optimizer = args.use_optimizer ? new torch.optim.AdamW(model.parameters(), { lr: args.lr }) : null;

///////////////////////////////////////////////////////////////////////////////
// Training code
///////////////////////////////////////////////////////////////////////////////

/** Wraps hidden states in new Tensors, to detach them from their history. */
function repackage_hidden(h: Hidden): Hidden {
  if (h instanceof torch.Tensor) return h.detach();
  return h.map((v) => repackage_hidden(v)) as [Tensor, Tensor];
}

// get_batch subdivides the source data into chunks of length args.bptt.
// If source is equal to the example output of the batchify function, with
// a bptt-limit of 2, we'd get the following two Variables for i = 0:
// ┌ a g m s ┐ ┌ b h n t ┐
// └ b h n t ┘ └ c i o u ┘
// Note that despite the name of the function, the subdivison of data is not
// done along the batch dimension (i.e. dimension 1), since that was handled
// by the batchify function. The chunks are along dimension 0, corresponding
// to the seq_len dimension in the LSTM.

function get_batch(source: Tensor, i: number): [Tensor, Tensor] {
  const seq_len = Math.min(args.bptt, source.size(0) - 1 - i);
  const data = source.index({ start: i, stop: i + seq_len });
  const target = source.index({ start: i + 1, stop: i + 1 + seq_len }).view(-1);
  return [data, target];
}

function evaluate(data_source: Tensor): number {
  // Turn on evaluation mode which disables dropout.
  model.eval();
  let total_loss = 0;
  let hidden: Hidden | null = model instanceof RNNModel ? model.init_hidden(eval_batch_size) : null;
  torch.no_grad(() => {
    for (let i = 0; i < data_source.size(0) - 1; i += args.bptt) {
      // One batch's tensors are freed when it ends (torch.tidy); the hidden state is returned, so it lives on.
      hidden = torch.tidy(() => {
        const [data, targets] = get_batch(data_source, i);
        let output: Tensor;
        if (model instanceof TransformerModel) {
          output = model(data);
          output = output.view(-1, ntokens);
        } else {
          [output, hidden] = model(data, hidden!);
          hidden = repackage_hidden(hidden!);
        }
        total_loss += data.size(0) * (criterion(output, targets).item() as number);
        return hidden;
      });
    }
  });
  return total_loss / (data_source.size(0) - 1);
}

function train(): void {
  // Turn on training mode which enables dropout.
  model.train();
  let total_loss = 0;
  let start_time = Date.now();
  let hidden: Hidden | null = model instanceof RNNModel ? model.init_hidden(args.batch_size) : null;
  let batch = 0;
  for (let i = 0; i < train_data.size(0) - 1; i += args.bptt, batch++) {
    hidden = torch.tidy(() => {
      const [data, targets] = get_batch(train_data, i);
      // Starting each batch, we detach the hidden state from how it was previously produced.
      // If we didn't, the model would try backpropagating all the way to start of the dataset.
      if (optimizer) optimizer.zero_grad();
      else model.zero_grad();
      let output: Tensor;
      if (model instanceof TransformerModel) {
        output = model(data);
        output = output.view(-1, ntokens);
      } else {
        hidden = repackage_hidden(hidden!);
        [output, hidden] = model(data, hidden);
      }
      const loss = criterion(output, targets);
      loss.backward();

      // `clip_grad_norm` helps prevent the exploding gradient problem in RNNs / LSTMs.
      nn.utils.clip_grad_norm_([...model.parameters()], args.clip);
      if (optimizer) optimizer.step();
      else for (const p of model.parameters()) p.data.add_(p.grad!, { alpha: -lr });

      total_loss += loss.item() as number;
      losses.push(loss.item() as number);
      return hidden;
    });

    if (batch % args.log_interval === 0 && batch > 0) {
      const cur_loss = total_loss / args.log_interval;
      const elapsed = (Date.now() - start_time) / 1000;
      console.log(
        `| epoch ${torch.pyFormat(epoch, "3d")} | ${torch.pyFormat(batch, "5d")}/${torch.pyFormat(Math.floor(train_data.size(0) / args.bptt), "5d")} batches | ` +
          `lr ${torch.pyFormat(lr, "02.2f")} | ms/batch ${torch.pyFormat((elapsed * 1000) / args.log_interval, "5.2f")} | ` +
          `loss ${torch.pyFormat(cur_loss, "5.2f")} | ppl ${torch.pyFormat(Math.exp(cur_loss), "8.2f")}`,
      );
      total_loss = 0;
      start_time = Date.now();
    }
    if (args.dry_run) break;
  }
}

// Loop over epochs.
let lr = args.lr;
let best_val_loss: number | null = null;
let epoch = 1;

for (epoch = 1; epoch < args.epochs + 1; epoch++) {
  const epoch_start_time = Date.now();
  train();
  const val_loss = evaluate(val_data);
  console.log("-".repeat(89));
  console.log(
    `| end of epoch ${torch.pyFormat(epoch, "3d")} | time: ${torch.pyFormat((Date.now() - epoch_start_time) / 1000, "5.2f")}s | ` +
      `valid loss ${torch.pyFormat(val_loss, "5.2f")} | valid ppl ${torch.pyFormat(Math.exp(val_loss), "8.2f")}`,
  );
  console.log("-".repeat(89));
  // Save the model if the validation loss is the best we've seen so far.
  if (!best_val_loss || val_loss < best_val_loss) {
    torch.save(model.state_dict(), args.save);
    best_val_loss = val_loss;
  } else {
    // Anneal the learning rate if no improvement has been seen in the validation dataset.
    lr /= 4.0;
  }
}

// Load the best saved model.
model.load_state_dict(torch.load(args.save) as nn.StateDict);
// after load the rnn params are not a continuous chunk of memory
// this makes them a continuous chunk, and will speed up forward pass
// Currently, only rnn model supports flatten_parameters function.
if (model instanceof RNNModel) (model.rnn as nn.RNNBase).flatten_parameters();

// Run on test data.
const test_loss = evaluate(test_data);
console.log("=".repeat(89));
console.log(`| End of training | test loss ${torch.pyFormat(test_loss, "5.2f")} | test ppl ${torch.pyFormat(Math.exp(test_loss), "8.2f")}`);
console.log("=".repeat(89));

if (args.losses) fs.writeFileSync(args.losses, JSON.stringify(losses));
