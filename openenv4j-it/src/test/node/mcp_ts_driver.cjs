#!/usr/bin/env node
// Drive an MCP server with the official MCP TypeScript SDK (Streamable HTTP) and print a JSON transcript.
//
//   node mcp_ts_driver.cjs --sdk <dir with node_modules> --url http://127.0.0.1:8123/mcp
//
// Connects (initialize + notifications/initialized), pings, lists tools page by page,
// calls tools (a structured result, a wrapped one, a failing tool, invalid arguments,
// an unknown tool), then terminates the session with DELETE and checks that the old
// session id is refused. The SDK is loaded from --sdk (installed by scripts/mcp-ts-sdk.sh).
'use strict';

const path = require('path');
const { createRequire } = require('module');

function option(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    throw new Error(`missing ${name}`);
  }
  return process.argv[i + 1];
}

const sdk = createRequire(path.join(path.resolve(option('--sdk')), 'package.json'));
const { Client } = sdk('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = sdk('@modelcontextprotocol/sdk/client/streamableHttp.js');
const url = new URL(option('--url'));

async function record(steps, op, fn) {
  try {
    steps.push({ op, result: await fn() });
  } catch (error) {
    steps.push({ op, error: { code: error.code ?? null, message: String(error.message ?? error) } });
  }
}

async function main() {
  const steps = [];
  const client = new Client({ name: 'openenv4j-ts-interop', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url);
  await client.connect(transport);
  const out = {
    sdk: sdk('@modelcontextprotocol/sdk/package.json').version,
    protocolVersion: transport.protocolVersion ?? null,
    hasSessionId: typeof transport.sessionId === 'string' && transport.sessionId.length > 0,
    serverVersion: client.getServerVersion(),
    capabilities: client.getServerCapabilities(),
  };
  await record(steps, 'ping', () => client.ping());
  const names = [];
  let cursor;
  let pages = 0;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    pages += 1;
    page.tools.forEach((tool) => names.push(tool.name));
    cursor = page.nextCursor;
  } while (cursor && pages < 20);
  out.toolNames = names;
  out.pages = pages;
  await record(steps, 'call greet', () => client.callTool({ name: 'greet', arguments: { who: 'Ada' } }));
  await record(steps, 'call add', () => client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }));
  await record(steps, 'call fail', () => client.callTool({ name: 'fail', arguments: {} }));
  await record(steps, 'call add invalid', () => client.callTool({ name: 'add', arguments: { a: 'two' } }));
  await record(steps, 'call unknown', () => client.callTool({ name: 'no_such_tool', arguments: {} }));
  await record(steps, 'call add after errors', () => client.callTool({ name: 'add', arguments: { a: 1, b: 1 } }));
  const sessionId = transport.sessionId;
  await record(steps, 'terminate session', () => transport.terminateSession());
  await client.close();
  const after = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': out.protocolVersion,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'ping' }),
  });
  out.afterTerminationStatus = after.status;
  out.steps = steps;
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(2);
});
