/** word_language_model/model.py, ported: the RNN language model and the Transformer one. */
import * as torch from "torchnode";
import { nn } from "torchnode";
import type { Tensor } from "torchnode";
import * as F from "torchnode/nn/functional";

export type Hidden = Tensor | [Tensor, Tensor];
const rnnLayers: Record<string, new (...args: unknown[]) => nn.Module> = { LSTM: nn.LSTM, GRU: nn.GRU };

/** Container module with an encoder, a recurrent module, and a decoder. */
export class RNNModel extends nn.Module {
  declare ntoken: number;
  declare drop: nn.Dropout;
  declare encoder: nn.Embedding;
  declare rnn: nn.Module;
  declare decoder: nn.Linear;
  declare rnn_type: string;
  declare nhid: number;
  declare nlayers: number;

  constructor(rnn_type: string, ntoken: number, ninp: number, nhid: number, nlayers: number, dropout = 0.5, tie_weights = false) {
    super();
    this.ntoken = ntoken;
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    if (["LSTM", "GRU"].includes(rnn_type)) {
      this.rnn = new rnnLayers[rnn_type](ninp, nhid, nlayers, { dropout });
    } else {
      const nonlinearity = ({ RNN_TANH: "tanh", RNN_RELU: "relu" } as Record<string, string>)[rnn_type];
      if (nonlinearity === undefined) {
        throw new Error(`ValueError: An invalid option for \`--model\` was supplied,
                                 options are ['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']`);
      }
      this.rnn = new nn.RNN(ninp, nhid, nlayers, { nonlinearity, dropout });
    }
    this.decoder = new nn.Linear(nhid, ntoken);

    // Optionally tie weights as in:
    // "Using the Output Embedding to Improve Language Models" (Press & Wolf 2016)
    // https://arxiv.org/abs/1608.05859
    // and
    // "Tying Word Vectors and Word Classifiers: A Loss Framework for Language Modeling" (Inan et al. 2016)
    // https://arxiv.org/abs/1611.01462
    if (tie_weights) {
      if (nhid !== ninp) throw new Error("ValueError: When using the tied flag, nhid must be equal to emsize");
      this.decoder.weight = this.encoder.weight;
    }

    this.init_weights();

    this.rnn_type = rnn_type;
    this.nhid = nhid;
    this.nlayers = nlayers;
  }

  init_weights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias!);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  forward(input: Tensor, hidden: Hidden): [Tensor, Hidden] {
    const emb = this.drop(this.encoder(input));
    const [rnn_output, hidden_] = this.rnn(emb, hidden) as [Tensor, Hidden];
    const output = this.drop(rnn_output);
    let decoded = this.decoder(output);
    decoded = decoded.view(-1, this.ntoken);
    return [F.log_softmax(decoded, { dim: 1 }), hidden_];
  }

  init_hidden(bsz: number): Hidden {
    const weight = this.parameters().next().value as Tensor;
    if (this.rnn_type === "LSTM") {
      return [weight.new_zeros(this.nlayers, bsz, this.nhid), weight.new_zeros(this.nlayers, bsz, this.nhid)];
    }
    return weight.new_zeros(this.nlayers, bsz, this.nhid);
  }
}

/**
 * Inject some information about the relative or absolute position of the tokens in the sequence.
 * The positional encodings have the same dimension as the embeddings, so that the two can be summed.
 * Here, we use sine and cosine functions of different frequencies.
 *   PosEncoder(pos, 2i) = sin(pos/10000^(2i/d_model))
 *   PosEncoder(pos, 2i+1) = cos(pos/10000^(2i/d_model))
 *   where pos is the word position and i is the embed idx
 * Args: d_model: the embed dim (required); dropout: the dropout value (default=0.1);
 * max_len: the max. length of the incoming sequence (default=5000).
 */
export class PositionalEncoding extends nn.Module {
  declare dropout: nn.Dropout;
  declare pe: Tensor;

  constructor(d_model: number, dropout = 0.1, max_len = 5000) {
    super();
    this.dropout = new nn.Dropout({ p: dropout });

    let pe = torch.zeros(max_len, d_model);
    const position = torch.arange(0, max_len, { dtype: torch.float }).unsqueeze(1);
    const div_term = torch.exp(torch.arange(0, d_model, 2).float().mul(-Math.log(10000.0) / d_model));
    pe.index_put_([":", "0::2"], torch.sin(position.mul(div_term)));
    pe.index_put_([":", "1::2"], torch.cos(position.mul(div_term)));
    pe = pe.unsqueeze(0).transpose(0, 1);
    this.register_buffer("pe", pe);
  }

  /** x: [sequence length, batch size, embed dim] → the same shape. */
  forward(x: Tensor): Tensor {
    x = x.add(this.pe.index({ stop: x.size(0) }, ":"));
    return this.dropout(x);
  }
}

/** Container module with an encoder, a recurrent or transformer module, and a decoder. */
export class TransformerModel extends nn.Transformer {
  declare model_type: string;
  declare src_mask: Tensor | null;
  declare pos_encoder: PositionalEncoding;
  declare input_emb: nn.Embedding;
  declare ninp: number;
  declare decoder: nn.Module;

  constructor(ntoken: number, ninp: number, nhead: number, nhid: number, nlayers: number, dropout = 0.5) {
    super({ d_model: ninp, nhead, dim_feedforward: nhid, num_encoder_layers: nlayers });
    this.model_type = "Transformer";
    this.src_mask = null;
    this.pos_encoder = new PositionalEncoding(ninp, dropout);

    this.input_emb = new nn.Embedding(ntoken, ninp);
    this.ninp = ninp;
    this.decoder = new nn.Linear(ninp, ntoken);

    this.init_weights();
  }

  _generate_square_subsequent_mask(sz: number): Tensor {
    return torch.log(torch.tril(torch.ones(sz, sz)));
  }

  init_weights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.input_emb.weight, -initrange, initrange);
    nn.init.zeros_((this.decoder as nn.Linear).bias!);
    nn.init.uniform_((this.decoder as nn.Linear).weight, -initrange, initrange);
  }

  // As in Python, the subclass's forward takes other arguments than nn.Transformer's.
  forward(src: Tensor, has_mask: unknown = true): Tensor {
    if (has_mask) {
      const device = src.device;
      if (this.src_mask === null || this.src_mask.size(0) !== src.size(0)) {
        // Kept across batches, as Python's attribute keeps it: owned by the model, not by a batch's scope.
        const mask = torch.keep(this._generate_square_subsequent_mask(src.size(0)).to(device));
        this.src_mask = mask;
      }
    } else {
      this.src_mask = null;
    }

    src = this.input_emb(src).mul(Math.sqrt(this.ninp));
    src = this.pos_encoder(src);
    let output = (this.encoder as nn.Module)(src, { mask: this.src_mask }) as Tensor;
    output = this.decoder(output);
    return F.log_softmax(output, { dim: -1 });
  }
}
