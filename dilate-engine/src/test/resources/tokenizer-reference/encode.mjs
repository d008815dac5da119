// Encodes texts with Hugging Face's JavaScript tokenizers: node encode.mjs request.json answer.json
// request: {tokenizer, config (or null), texts}; answer: {ids: [[...]], decoded: ["..."]}
import { readFileSync, writeFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const [requestPath, answerPath] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const json = JSON.parse(readFileSync(request.tokenizer, "utf8"));
const config = request.config ? JSON.parse(readFileSync(request.config, "utf8")) : {};
const tokenizer = new Tokenizer(json, config);
const ids = request.texts.map((t) => tokenizer.encode(t, { add_special_tokens: false }).ids);
const decoded = ids.map((i) => (i.length === 0 ? "" : tokenizer.decode(i, { skip_special_tokens: false, clean_up_tokenization_spaces: false })));
writeFileSync(answerPath, JSON.stringify({ ids, decoded }));
