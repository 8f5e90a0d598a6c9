// Times the JavaScript reference tokenizers on the text bench/bench_tokenizer.cpp uses (the file,
// repeated to at least 5 MB), one thread, for docs/performance.md.
//   tmp=$(mktemp -d) && npm install --prefix "$tmp" gpt-3-encoder@1.1.4 js-tiktoken@1.0.21 &&
//   NODE_PATH="$tmp/node_modules" node scripts/bench_tokenizer_peer.js <text file>
// gpt-3-encoder's encode joins its output with Array.concat, quadratic in the text's length, so
// both references are given the text a line at a time.
"use strict";
const fs = require("fs");
const gpt3Encoder = require("gpt-3-encoder");
const { getEncoding } = require("js-tiktoken");

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench_tokenizer_peer.js <text file>");
  process.exit(2);
}
const once = fs.readFileSync(file, "utf8");
let text = "";
while (Buffer.byteLength(text) < 5000000) text += once;
const lines = text.split(/(?<=\n)/);
const megabytes = Buffer.byteLength(text) / 1e6;

const cl100k = getEncoding("cl100k_base");
for (const [name, encode] of [["gpt-3-encoder (gpt2)", (s) => gpt3Encoder.encode(s)],
                              ["js-tiktoken cl100k_base", (s) => cl100k.encode(s, [], [])]]) {
  const start = process.hrtime.bigint();
  let tokens = 0;
  for (const line of lines) tokens += encode(line).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${name}: ${megabytes.toFixed(2)} MB, ${tokens} tokens, ${seconds.toFixed(2)} s, ` +
              `${(megabytes / seconds).toFixed(2)} MB/s`);
}
