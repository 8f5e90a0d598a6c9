// Converts the compressed rank table that the js-tiktoken npm package ships
// (dist/ranks/<name>.cjs: lines "<key> <first rank> <base64 token> <base64 token> ...")
// into the standard .tiktoken format: "<base64 token> <rank>", one per line, by rank.
// Usage: node scripts/tiktoken_ranks_to_file.js <ranks .cjs file> <output file>
"use strict";
const fs = require("fs");

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node tiktoken_ranks_to_file.js <ranks .cjs file> <output file>");
  process.exit(2);
}
const table = require(require("path").resolve(input));
if (typeof table.bpe_ranks !== "string") {
  console.error(`${input}: no bpe_ranks string`);
  process.exit(1);
}
const byRank = [];
for (const line of table.bpe_ranks.split("\n").filter(Boolean)) {
  const [, first, ...tokens] = line.split(" ");
  const offset = Number.parseInt(first, 10);
  if (!Number.isInteger(offset) || offset < 0) {
    console.error(`${input}: bad rank "${first}"`);
    process.exit(1);
  }
  tokens.forEach((token, i) => {
    if (byRank[offset + i] !== undefined) {
      console.error(`${input}: rank ${offset + i} given twice`);
      process.exit(1);
    }
    byRank[offset + i] = token;
  });
}
const lines = [];
for (let rank = 0; rank < byRank.length; ++rank) {
  if (byRank[rank] === undefined) {
    console.error(`${input}: rank ${rank} missing`);
    process.exit(1);
  }
  lines.push(`${byRank[rank]} ${rank}\n`);
}
fs.writeFileSync(output, lines.join(""));
