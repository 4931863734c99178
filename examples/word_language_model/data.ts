/** word_language_model/data.py, ported: a word dictionary and a corpus of train/valid/test token ids. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as torch from "torchnode";
import type { Tensor } from "torchnode";

export class Dictionary {
  word2idx = new Map<string, number>();
  idx2word: string[] = [];

  add_word(word: string): number {
    if (!this.word2idx.has(word)) {
      this.idx2word.push(word);
      this.word2idx.set(word, this.idx2word.length - 1);
    }
    return this.word2idx.get(word)!;
  }

  get length(): number {
    return this.idx2word.length;
  }
}

// Python's `for line in f` over a text file: lines end at newlines, and a
// last line without one still counts (no empty line after a final newline).
function lines(file: string): string[] {
  const text = fs.readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}

// Python's str.split(): runs of whitespace separate words, none at either end.
const split = (line: string): string[] => line.split(/\s+/).filter((w) => w !== "");

export class Corpus {
  dictionary = new Dictionary();
  train: Tensor;
  valid: Tensor;
  test: Tensor;

  constructor(dir: string) {
    this.train = this.tokenize(path.join(dir, "train.txt"));
    this.valid = this.tokenize(path.join(dir, "valid.txt"));
    this.test = this.tokenize(path.join(dir, "test.txt"));
  }

  /** Tokenizes a text file. */
  tokenize(file: string): Tensor {
    if (!fs.existsSync(file)) throw new Error(`AssertionError: ${file} does not exist`);
    // Add words to the dictionary
    for (const line of lines(file)) {
      const words = [...split(line), "<eos>"];
      for (const word of words) this.dictionary.add_word(word);
    }

    // Tokenize file content
    const idss: Tensor[] = [];
    for (const line of lines(file)) {
      const words = [...split(line), "<eos>"];
      const ids: number[] = [];
      for (const word of words) ids.push(this.dictionary.word2idx.get(word)!);
      idss.push(torch.tensor(ids).type(torch.int64));
    }
    const ids = torch.cat(idss);

    return ids;
  }
}
