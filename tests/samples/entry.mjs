// Imports the composed sample module (before + sample + after) and records the error,
// if any, that ends it: a rejected top-level await rejects this import.
import { pathToFileURL } from "node:url";

import { fail } from "./preload.mjs";

try {
  await import(pathToFileURL(process.argv[2]).href);
} catch (error) {
  fail(error);
  process.exitCode = 1;
}
