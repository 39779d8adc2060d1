// Loaded with `node --import` before a Node.js code sample runs (see boot.py for Python).
//
// - globalThis.fetch (what openai, @anthropic-ai/sdk and @google/genai call) sends every
//   request to the local mock, with the original host in the x-harness-host header.
// - Timers that only wake a sleeping promise (a callback that resolves one, or
//   timers/promises' setTimeout) fire at once and add up the time asked for, so retry
//   loops finish instantly. Other timers, such as the SDKs' request timeouts, keep
//   real time.
// - When the run ends, report.json in HARNESS_WORKDIR says how long it slept, how many
//   attempts were diverted (refused, or sent to the untrusted TLS port), and which error ended it (see entry.mjs).
import { writeFileSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const env = process.env;
const mockPort = Number(env.HARNESS_MOCK_PORT);
const refusedPort = Number(env.HARNESS_REFUSED_PORT);
const tlsPort = Number(env.HARNESS_TLS_PORT || 0);
const plan = JSON.parse(env.HARNESS_PLAN ?? "[null]");
export const state = { slept: 0, attempts: 0, diverted: 0, error: null };

// --- fetch ---------------------------------------------------------------------------

const realFetch = globalThis.fetch;

globalThis.fetch = async function harnessFetch(input, init) {
  const request = new Request(input, init);
  const original = new URL(request.url);
  const attempt = state.attempts++;
  const how = plan[Math.min(attempt, plan.length - 1)];
  if (how) state.diverted++; // refused, or sent to the untrusted TLS port: never reaches the mock
  const target = new URL(original);
  target.protocol = how === "tls" ? "https:" : "http:";
  target.hostname = "127.0.0.1";
  target.port = String(how === "refuse" ? refusedPort : how === "tls" ? tlsPort : mockPort);
  const headers = new Headers(request.headers);
  headers.set("x-harness-host", original.hostname);
  headers.set("x-harness-attempt", String(attempt));
  const body = request.body === null ? undefined : await request.arrayBuffer();
  // The caller's own signal, not the copy's: a Request's signal follows its init's signal
  // only while the Request lives (undici holds it weakly), and nothing keeps this copy alive
  // once the fetch has started, so an SDK's timeout abort would be lost after a GC.
  const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
  return realFetch(target, { method: request.method, headers, body, signal, redirect: request.redirect });
};

// --- sleeps --------------------------------------------------------------------------

function record(ms) {
  const value = Number(ms);
  if (Number.isFinite(value) && value > 0) state.slept += value / 1000;
}

function onlyWakesAPromise(callback) {
  if (typeof callback !== "function") return false;
  const source = Function.prototype.toString.call(callback);
  if (source.includes("[native code]")) return true; // setTimeout(resolve, ms)
  return /resolve/i.test(source) && !/abort|reject/.test(source);
}

const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function harnessSetTimeout(callback, ms, ...args) {
  if (onlyWakesAPromise(callback)) {
    record(ms);
    return realSetTimeout(callback, 0, ...args);
  }
  return realSetTimeout(callback, ms, ...args);
};

const timersPromises = require("node:timers/promises");
const realPromiseTimeout = timersPromises.setTimeout;
timersPromises.setTimeout = function harnessPromiseTimeout(ms, value, options) {
  record(ms);
  return realPromiseTimeout(0, value, options);
};
syncBuiltinESMExports();

// --- the report ----------------------------------------------------------------------

function errorReport(error) {
  const names = [];
  for (let proto = error; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = proto.constructor?.name;
    if (name && !names.includes(name)) names.push(name);
  }
  const name = names[0] ?? typeof error;
  return { name, names, message: String(error?.message ?? error), traceback: String(error?.stack ?? error) };
}

export function fail(error) {
  if (state.error === null) state.error = errorReport(error);
}

process.on("uncaughtException", (error) => {
  fail(error);
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  fail(error);
  process.exit(1);
});
process.on("exit", () => {
  writeFileSync(join(env.HARNESS_WORKDIR, "report.json"), JSON.stringify(state));
});
