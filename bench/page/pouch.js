/**
 * The comparison stack, in the same Chromium: PouchDB (pouchdb-browser, IndexedDB adapter, its
 * defaults) writing the same seizure documents and replicating them to a CouchDB-compatible
 * server (express-pouchdb) on loopback. Served from that server's origin.
 */
/* global document, performance, window */
import PouchDB from 'pouchdb-browser';
import { makeSeizure } from '../lib/records.mjs';
import { deleteDatabase, openRaw, rawWrite } from './raw-idb.js';

const now = () => performance.now();
const doc = (record) => ({ _id: record.id, ...record });

async function destroy(name) {
  await new PouchDB(name).destroy();
}

/**
 * Local writes one document at a time (db.put, as an app saving one record would), against one
 * raw strict IndexedDB transaction with the same record, in alternating chunks.
 */
async function localWrite({ count = 2000, chunk = 100, firearms = 5 }) {
  await destroy('bench-lw-pouch');
  await deleteDatabase('bench-lw-raw');
  const db = new PouchDB('bench-lw-pouch');
  const raw = await openRaw('bench-lw-raw');
  let pouchMs = 0;
  let rawMs = 0;
  for (let start = 0, k = 0; start < count; start += chunk, k++) {
    const records = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => makeSeizure(start + i, { firearms, seed: 0x10ca1, updatedAt: new Date().toISOString() }));
    const runPouch = async () => {
      const t0 = now();
      for (const record of records) await db.put(doc(record));
      return now() - t0;
    };
    const runRaw = async () => {
      const t0 = now();
      for (const record of records) {
        await rawWrite(raw, ['seizures'], (tx) => tx.objectStore('seizures').put({ id: record.id, record, status: record.status, updatedAt: record.updatedAt, syncState: 'pending' }));
      }
      return now() - t0;
    };
    if (k % 2 === 0) {
      pouchMs += await runPouch();
      rawMs += await runRaw();
    } else {
      rawMs += await runRaw();
      pouchMs += await runPouch();
    }
  }
  await db.destroy();
  raw.close();
  await deleteDatabase('bench-lw-raw');
  return { count, pouchMs, rawMs };
}

/** `count` documents written in bulk (not timed): the device's state before it replicates. */
async function seed({ name = 'device', count = 10000, firearms = 5, seed = 0x5e1d }) {
  await destroy(name);
  const db = new PouchDB(name);
  for (let start = 0; start < count; start += 1000) {
    await db.bulkDocs(Array.from({ length: Math.min(1000, count - start) }, (_, i) => doc(makeSeizure(start + i, { firearms, seed }))));
  }
  const info = await db.info();
  return { docs: info.doc_count };
}

/** One-off replication with PouchDB's defaults, to (push) or from (pull) the server's database. */
async function replicate({ name = 'device', remote = '', direction = 'to' }) {
  if (direction === 'from') await destroy(name);
  const db = new PouchDB(name);
  const target = new PouchDB(remote);
  const t0 = now();
  const result = direction === 'to' ? await db.replicate.to(target) : await db.replicate.from(target);
  const ms = now() - t0;
  const info = await db.info();
  return { ms, docsWritten: result.docs_written, docsRead: result.docs_read, localDocs: info.doc_count, ok: result.ok };
}

window.bench = { localWrite, seed, replicate, destroy };
document.getElementById('state').textContent = 'ready';
