/**
 * The server process the benchmarks talk to: what src/server/main.ts does (the same loadConfig
 * and buildApp, one process, one port), except that the built app comes from BENCH_DIST_DIR
 * (a temporary build) instead of ./dist. Run with `node --import tsx`. Prints "listening on <url>" when ready.
 */
/* global console, process */
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';

const config = loadConfig();
const database = config.database;

const app = await buildApp({
  ...(process.env.BENCH_DIST_DIR ? { distDir: process.env.BENCH_DIST_DIR } : {}),
  database,
  tokenTtlHours: config.tokenTtlHours,
  addressLimits: config.addressLimits,
  photos: config.photos,
  logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'] },
});

const stop = () => app.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
console.error(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.port}`);
