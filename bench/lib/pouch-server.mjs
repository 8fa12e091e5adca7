/**
 * The comparison server: express-pouchdb (a CouchDB-compatible HTTP API) over pouchdb-core with
 * the in-memory adapter (no native LevelDB build needed), on loopback, in its own process.
 * It also serves the benchmark pages at /bench/ so the page and the database share an origin.
 * Usage: node pouch-server.mjs <pagesDir>; prints "listening on <url>" on stderr.
 */
/* global console, process */
import path from 'node:path';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import adapterHttp from 'pouchdb-adapter-http';
import adapterMemory from 'pouchdb-adapter-memory';
import PouchDB from 'pouchdb-core';
import replication from 'pouchdb-replication';

const MemoryPouch = PouchDB.plugin(adapterMemory).plugin(adapterHttp).plugin(replication).defaults({ adapter: 'memory' });
const app = express();
app.use('/bench', express.static(path.resolve(process.argv[2])));
app.use('/', expressPouchDB(MemoryPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' }));

const server = app.listen(0, '127.0.0.1', () => console.error(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
