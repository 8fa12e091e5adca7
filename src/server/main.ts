/**
 * `npm start` ends here: one process serving the built app (and later the API) on PORT (default
 * 8080) and HOST (default all interfaces), stopping cleanly on SIGINT/SIGTERM.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';

const app = await buildApp({ distDir: path.join(root, 'dist'), logger: { level: process.env.LOG_LEVEL ?? 'info' } });

const stop = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

await app.listen({ port, host });
// PORT=0 asks the system for a free port; print the one actually bound (tests read this line).
const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : port;
const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
console.log(`TraceReady is running at http://${shown}:${boundPort}/`);
