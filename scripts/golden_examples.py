"""Reference runs of the pytorch/examples scripts that examples/ ports, for
test/examples.test.ts: the same model, data order, optimizer and schedule as
the original script, written here so that the test needs no network. Prints
the script's lines and writes every training loss (as Python's float repr of
loss.item()) to a JSON file.

    python scripts/golden_examples.py mnist MNIST_ROOT OUT.json [--epochs N] [--train-limit N] [--test-limit N] [--log-interval N]
    python scripts/golden_examples.py mnist_rnn MNIST_ROOT OUT.json [the same options as mnist]
    python scripts/golden_examples.py regression - OUT.json --seed N
    python scripts/golden_examples.py vae MNIST_ROOT OUT.json --results DIR [--epochs N] [--train-limit N] [--test-limit N]
    python scripts/golden_examples.py word_language_model CORPUS_DIR OUT.json [--model LSTM|Transformer] [--nhead N] [--epochs N] [--log-interval N] [--seed N]

mnist: pytorch/examples mnist/main.py (commit 77f55b9) on the CPU: Conv2d x2,
max_pool2d, Dropout x2, Linear x2, Adadelta(lr=1.0), StepLR(step_size=1,
gamma=0.7), batches of 64 in order (no shuffle without an accelerator),
tests in batches of 1000, seed 1.

vae: vae/main.py (seed 1, batches of 128, the training set shuffled).

regression: regression/main.py, whose unseeded generator is seeded here
(--seed): the polynomial, the batches and the stopping batch follow from it.
"""
import argparse
import json
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class MnistNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = self.dropout2(F.relu(self.fc1(torch.flatten(x, 1))))
        return F.log_softmax(self.fc2(x), dim=1)


class MnistRnnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(input_size=28, hidden_size=64, batch_first=True)
        self.batchnorm = nn.BatchNorm1d(64)
        self.dropout1 = nn.Dropout2d(0.25)
        self.dropout2 = nn.Dropout2d(0.5)
        self.fc1 = nn.Linear(64, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        out, _ = self.rnn(x.reshape(-1, 28, 28))
        out = self.dropout1(self.batchnorm(out[:, -1, :]))
        out = self.dropout2(F.relu(self.fc1(out)))
        return F.log_softmax(self.fc2(out), dim=1)


def mnist(opts):
    """mnist/main.py, or with opts.example == "mnist_rnn" mnist_rnn/main.py (the LSTM, lr 0.1, shuffled sets)."""
    warnings.filterwarnings("ignore")  # mnist_rnn's Dropout2d on 2-D inputs warns on both sides
    rnn = opts.example == "mnist_rnn"
    losses = []
    torch.manual_seed(1)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_set = datasets.MNIST(opts.root, train=True, transform=transform)
    test_set = datasets.MNIST(opts.root, train=False, transform=transform)
    if opts.train_limit:
        train_set = Subset(train_set, range(opts.train_limit))
    if opts.test_limit:
        test_set = Subset(test_set, range(opts.test_limit))
    train_loader = DataLoader(train_set, batch_size=64, shuffle=rnn)
    test_loader = DataLoader(test_set, batch_size=1000, shuffle=rnn)
    model = MnistRnnNet() if rnn else MnistNet()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=0.1 if rnn else 1.0)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
    for epoch in range(1, opts.epochs + 1):
        model.train()
        for batch_idx, (data, target) in enumerate(train_loader):
            optimizer.zero_grad()
            loss = F.nll_loss(model(data), target)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if batch_idx % opts.log_interval == 0:
                print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                    epoch, batch_idx * len(data), len(train_loader.dataset),
                    100. * batch_idx / len(train_loader), loss.item()))
        model.eval()
        test_loss, correct = 0, 0
        with torch.no_grad():
            for data, target in test_loader:
                output = model(data)
                test_loss += F.nll_loss(output, target, reduction='sum').item()
                pred = output.argmax(dim=1, keepdim=True)
                correct += pred.eq(target.view_as(pred)).sum().item()
        test_loss /= len(test_loader.dataset)
        print('\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'.format(
            test_loss, correct, len(test_loader.dataset), 100. * correct / len(test_loader.dataset)))
        scheduler.step()
    return losses


def regression(opts):
    """regression/main.py: fits a random degree-4 polynomial (seeded here) with smooth L1 loss and hand-written SGD."""
    torch.manual_seed(opts.seed)
    degree = 4
    w_true = torch.randn(degree, 1) * 5
    b_true = torch.randn(1) * 5

    def features(x):
        x = x.unsqueeze(1)
        return torch.cat([x ** i for i in range(1, degree + 1)], 1)

    def describe(w, b):
        return 'y = ' + ''.join('{:+.2f} x^{} '.format(v, i + 1) for i, v in enumerate(w)) + '{:+.2f}'.format(b[0])

    fc = torch.nn.Linear(degree, 1)
    losses = []
    batch_idx = 0
    while True:
        batch_idx += 1
        x = features(torch.randn(32))
        y = x.mm(w_true) + b_true.item()
        fc.zero_grad()
        output = F.smooth_l1_loss(fc(x), y)
        loss = output.item()
        losses.append(loss)
        output.backward()
        for param in fc.parameters():
            param.data.add_(-0.1 * param.grad)
        if loss < 1e-3:
            break
    print('Loss: {:.6f} after {} batches'.format(loss, batch_idx))
    print('==> Learned function:\t' + describe(fc.weight.view(-1), fc.bias))
    print('==> Actual function:\t' + describe(w_true.view(-1), b_true))
    return losses


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        h1 = F.relu(self.fc1(x.view(-1, 784)))
        mu, logvar = self.fc21(h1), self.fc22(h1)
        z = mu + torch.randn_like(torch.exp(0.5 * logvar)) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar


def vae(opts):
    """vae/main.py: batches of 128, shuffled training set, Adam(lr=1e-3), PNG grids into --results."""
    from torchvision.utils import save_image

    def vae_loss(recon_x, x, mu, logvar):
        bce = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction='sum')
        return bce + -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    torch.manual_seed(1)
    print(f"Using device: {torch.device('cpu')}")
    train_set = datasets.MNIST(opts.root, train=True, transform=transforms.ToTensor())
    test_set = datasets.MNIST(opts.root, train=False, transform=transforms.ToTensor())
    if opts.train_limit:
        train_set = Subset(train_set, range(opts.train_limit))
    if opts.test_limit:
        test_set = Subset(test_set, range(opts.test_limit))
    train_loader = DataLoader(train_set, batch_size=128, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=128, shuffle=False)
    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = []
    for epoch in range(1, opts.epochs + 1):
        model.train()
        train_loss = 0
        for batch_idx, (data, _) in enumerate(train_loader):
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            loss = vae_loss(recon, data, mu, logvar)
            loss.backward()
            train_loss += loss.item()
            losses.append(loss.item())
            optimizer.step()
            if batch_idx % opts.log_interval == 0:
                print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                    epoch, batch_idx * len(data), len(train_loader.dataset),
                    100. * batch_idx / len(train_loader), loss.item() / len(data)))
        print('====> Epoch: {} Average loss: {:.4f}'.format(epoch, train_loss / len(train_loader.dataset)))
        model.eval()
        test_loss = 0
        with torch.no_grad():
            for i, (data, _) in enumerate(test_loader):
                recon, mu, logvar = model(data)
                test_loss += vae_loss(recon, data, mu, logvar).item()
                if i == 0:
                    n = min(data.size(0), 8)
                    comparison = torch.cat([data[:n], recon.view(128, 1, 28, 28)[:n]])
                    save_image(comparison.cpu(), f"{opts.results}/reconstruction_{epoch}.png", nrow=n)
        test_loss /= len(test_loader.dataset)
        print('====> Test set loss: {:.4f}'.format(test_loss))
        with torch.no_grad():
            sample = model.decode(torch.randn(64, 20)).cpu()
            save_image(sample.view(64, 1, 28, 28), f"{opts.results}/sample_{epoch}.png")
    return losses


def word_language_model(opts):
    """word_language_model/main.py with its LSTM RNNModel (or, with --model
    Transformer, its TransformerModel, --nhead heads), on the corpus in
    opts.root (train/valid/test.txt), in a short fixed configuration:
    emsize = nhid = 16, 2 layers, dropout 0.2, batches of 4 columns, bptt 8,
    lr 20 (quartered whenever the validation loss does not improve), gradient
    norm clipped to 0.25, seed --seed. The best model's parameters are kept
    in memory rather than saved with torch.save(model)."""
    import math
    import os

    emsize, nhid, nlayers, dropout, bsz, eval_bsz, bptt, clip = 16, 16, 2, 0.2, 4, 10, 8, 0.25
    lr = 20.0
    torch.manual_seed(opts.seed)
    print("Using device:", torch.device("cpu"))

    vocab = {}
    def read_ids(name):
        with open(os.path.join(opts.root, name), encoding="utf8") as fh:
            words = [w for line in fh for w in line.split() + ["<eos>"]]
        for w in words:
            vocab.setdefault(w, len(vocab))
        return torch.tensor([vocab[w] for w in words], dtype=torch.int64)
    splits = [read_ids(n) for n in ("train.txt", "valid.txt", "test.txt")]

    def columns(ids, n):
        rows = ids.size(0) // n
        return ids[: rows * n].view(n, -1).t().contiguous()
    train_data, val_data, test_data = columns(splits[0], bsz), columns(splits[1], eval_bsz), columns(splits[2], eval_bsz)

    class LanguageModel(nn.Module):
        def __init__(self, ntoken):
            super().__init__()
            self.ntoken = ntoken
            self.drop = nn.Dropout(dropout)
            self.encoder = nn.Embedding(ntoken, emsize)
            self.rnn = nn.LSTM(emsize, nhid, nlayers, dropout=dropout)
            self.decoder = nn.Linear(nhid, ntoken)
            nn.init.uniform_(self.encoder.weight, -0.1, 0.1)
            nn.init.zeros_(self.decoder.bias)
            nn.init.uniform_(self.decoder.weight, -0.1, 0.1)

        def forward(self, x, state):
            out, state = self.rnn(self.drop(self.encoder(x)), state)
            logits = self.decoder(self.drop(out)).view(-1, self.ntoken)
            return F.log_softmax(logits, dim=1), state

    class PositionalEncoding(nn.Module):
        def __init__(self, d_model, p, max_len=5000):
            super().__init__()
            self.dropout = nn.Dropout(p=p)
            pe = torch.zeros(max_len, d_model)
            position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
            div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
            pe[:, 0::2] = torch.sin(position * div_term)
            pe[:, 1::2] = torch.cos(position * div_term)
            self.register_buffer('pe', pe.unsqueeze(0).transpose(0, 1))

        def forward(self, x):
            return self.dropout(x + self.pe[:x.size(0), :])

    class TransformerLanguageModel(nn.Transformer):
        def __init__(self, ntoken):
            super().__init__(d_model=emsize, nhead=opts.nhead, dim_feedforward=nhid, num_encoder_layers=nlayers)
            self.src_mask = None
            self.pos_encoder = PositionalEncoding(emsize, dropout)
            self.input_emb = nn.Embedding(ntoken, emsize)
            self.decoder = nn.Linear(emsize, ntoken)
            nn.init.uniform_(self.input_emb.weight, -0.1, 0.1)
            nn.init.zeros_(self.decoder.bias)
            nn.init.uniform_(self.decoder.weight, -0.1, 0.1)

        def forward(self, src):
            if self.src_mask is None or self.src_mask.size(0) != len(src):
                self.src_mask = torch.log(torch.tril(torch.ones(len(src), len(src))))
            src = self.pos_encoder(self.input_emb(src) * math.sqrt(emsize))
            return F.log_softmax(self.decoder(self.encoder(src, mask=self.src_mask)), dim=-1)

    transformer = opts.model == "Transformer"
    model = TransformerLanguageModel(len(vocab)) if transformer else LanguageModel(len(vocab))
    criterion = nn.NLLLoss()

    def step(x, state):
        """The model's output for x, and the state carried to the next chunk (none for the Transformer)."""
        if transformer:
            return model(x).view(-1, len(vocab)), None
        out, state = model(x, tuple(s.detach() for s in state))
        return out, state

    def zero_state(n):
        if transformer:
            return None
        w = next(model.parameters())
        return (w.new_zeros(nlayers, n, nhid), w.new_zeros(nlayers, n, nhid))

    def chunk(source, i):
        n = min(bptt, len(source) - 1 - i)
        return source[i:i + n], source[i + 1:i + 1 + n].view(-1)

    def evaluate(source):
        model.eval()
        total, state = 0.0, zero_state(eval_bsz)
        with torch.no_grad():
            for i in range(0, source.size(0) - 1, bptt):
                x, y = chunk(source, i)
                out, state = step(x, state)
                total += len(x) * criterion(out, y).item()
        return total / (len(source) - 1)

    losses, best, best_state = [], None, None
    for epoch in range(1, opts.epochs + 1):
        model.train()
        running, state = 0.0, zero_state(bsz)
        for batch, i in enumerate(range(0, train_data.size(0) - 1, bptt)):
            x, y = chunk(train_data, i)
            model.zero_grad()
            out, state = step(x, state)
            loss = criterion(out, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            for p in model.parameters():
                p.data.add_(p.grad, alpha=-lr)
            running += loss.item()
            losses.append(loss.item())
            if batch % opts.log_interval == 0 and batch > 0:
                avg = running / opts.log_interval
                print('| epoch {:3d} | {:5d}/{:5d} batches | lr {:02.2f} | ms/batch {:5.2f} | loss {:5.2f} | ppl {:8.2f}'.format(
                    epoch, batch, len(train_data) // bptt, lr, 0.0, avg, math.exp(avg)))
                running = 0.0
        val_loss = evaluate(val_data)
        print('-' * 89)
        print('| end of epoch {:3d} | time: {:5.2f}s | valid loss {:5.2f} | valid ppl {:8.2f}'.format(epoch, 0.0, val_loss, math.exp(val_loss)))
        print('-' * 89)
        if not best or val_loss < best:
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            best = val_loss
        else:
            lr /= 4.0
    model.load_state_dict(best_state)
    test_loss = evaluate(test_data)
    print('=' * 89)
    print('| End of training | test loss {:5.2f} | test ppl {:8.2f}'.format(test_loss, math.exp(test_loss)))
    print('=' * 89)
    return losses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("example", choices=["mnist", "mnist_rnn", "regression", "vae", "word_language_model"])
    parser.add_argument("root")
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--train-limit", type=int, default=0)
    parser.add_argument("--test-limit", type=int, default=0)
    parser.add_argument("--log-interval", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", default="results")
    parser.add_argument("--model", default="LSTM")
    parser.add_argument("--nhead", type=int, default=2)
    opts = parser.parse_args()
    losses = {"mnist": mnist, "mnist_rnn": mnist, "regression": regression, "vae": vae, "word_language_model": word_language_model}[opts.example](opts)
    with open(opts.out, "w") as fh:
        json.dump({"torch_version": torch.__version__, "num_threads": torch.get_num_threads(), "losses": losses}, fh)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
