/**
 * node:http's createServer for the console's loopback servers (the headless bridge and the sign-in
 * redirect). Taken from the built-in module rather than by an ES import: an ES import reads every
 * export of node:http, and its WebSocket getter loads Node's whole fetch implementation, 13 MB of
 * RSS at start (docs/benchmarks.md, "Issue 17: a smaller main bundle").
 */
export const { createServer } = process.getBuiltinModule('node:http');
