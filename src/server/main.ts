/**
 * `npm start` ends here: one process serving the built app and the sync API on PORT (default
 * 8080) and HOST (default all interfaces).
 *
 * Shutdown on SIGINT/SIGTERM: stop accepting connections, let requests in flight finish (a push
 * in flight completes its batch), close the database, exit. A second signal, or 20 s without
 * finishing, exits at once; a push is one transaction that the device resends until it hears the
 * answer, so an interrupted push loses nothing a retry does not restore.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { describeDatabase, loadConfig } from './config';
import { loadSharingPolicy } from './sharing/policy';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let config;
let sharing;
try {
  config = loadConfig();
  sharing = loadSharingPolicy();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const app = await buildApp({
  distDir: path.join(root, 'dist'),
  database: config.database,
  tokenTtlHours: config.tokenTtlHours,
  accessTokenTtlMinutes: config.accessTokenTtlMinutes,
  lockAfterMinutes: config.lockAfterMinutes,
  addressLimits: config.addressLimits,
  trustProxy: config.trustProxy,
  linkThresholds: config.linkThresholds,
  photos: config.photos,
  sharing,
  logger: {
    level: config.logLevel,
    // Tokens and passwords never reach the log, even if a serializer starts to include headers.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
  },
});
app.log.info({ database: app.store.dialect, location: describeDatabase(config.database) }, 'database ready');
app.log.info({ source: sharing.source, rules: sharing.describe() }, 'sharing policy');
const photoStorage = config.photos.storage;
app.log.info(
  { maxBytes: config.photos.maxBytes, ...(photoStorage.kind === 'disk' ? { dir: photoStorage.dir } : { bucket: photoStorage.bucket, endpoint: photoStorage.endpoint ?? 'AWS' }) },
  'photo storage',
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1);
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  setTimeout(() => {
    app.log.error('shutdown took too long; exiting');
    process.exit(1);
  }, 20_000).unref();
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
// PORT=0 asks the system for a free port; print the one actually bound (tests read this line).
const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : config.port;
const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
console.log(`TraceReady is running at http://${shown}:${boundPort}/`);

// No built-in account and no default password: the first administrator is made on purpose.
if ((await app.store.users.countActiveAdmins()) === 0) {
  console.log(
    [
      'No administrator account exists yet. Create the first one with:',
      '  npm run admin -- user add --agency <AGENCY_CODE> --username <name> --role admin',
      '(the password is read from stdin, or from the PASSWORD environment variable; list agency codes with: npm run admin -- agency list)',
    ].join('\n'),
  );
}
