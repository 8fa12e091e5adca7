/**
 * The comparison stack, in the same Chromium: PouchDB (pouchdb-browser, IndexedDB adapter, its
 * defaults) writing the same seizure documents and replicating them to a CouchDB-compatible
 * server (express-pouchdb) on loopback. Served from that server's origin.
 *
 * The encrypted peer is the same workload as PouchDB users who encrypt run it: transform-pouch's
 * incoming hook seals every document with WebCrypto AES-GCM-256 before it is stored (crypto-pouch,
 * the other plugin, seals with TweetNaCl's XSalsa20-Poly1305 under a password, not AES-GCM), and
 * replication moves the stored ciphertext as it is, so the server holds ciphertext too. It
 * replicates through a handle without the hook: through the hooked handle, replication would read
 * the documents opened and send them in clear.
 */
/* global atob, btoa, crypto, document, performance, window, TextDecoder, TextEncoder */
import PouchDB from 'pouchdb-browser';
import TransformPouch from 'transform-pouch';
import { makeSeizure } from '../lib/records.mjs';
import { deleteDatabase, openRaw, rawWrite } from './raw-idb.js';

PouchDB.plugin(TransformPouch);

const now = () => performance.now();
const doc = (record) => ({ _id: record.id, ...record });

async function destroy(name) {
  await new PouchDB(name).destroy();
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// One AES-GCM-256 key, the same on both devices (as a user's key, unlocked once, would be).
const key = crypto.subtle.importKey('raw', new Uint8Array(32).fill(9), 'AES-GCM', false, ['encrypt', 'decrypt']);
const toBase64 = (bytes) => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A document as stored and sent: its id and revision in clear, the rest sealed (nonce + ciphertext), bound to the id. */
async function seal({ _id, _rev, _deleted, ...body }) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(_id) }, await key, encoder.encode(JSON.stringify(body))));
  const sealed = new Uint8Array(12 + data.length);
  sealed.set(iv);
  sealed.set(data, 12);
  return { _id, ...(_rev && { _rev }), ...(_deleted && { _deleted }), sealed: toBase64(sealed) };
}

async function open({ sealed, ...meta }) {
  if (typeof sealed !== 'string') return meta;
  const bytes = fromBase64(sealed);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: encoder.encode(meta._id) }, await key, bytes.subarray(12));
  return { ...meta, ...JSON.parse(decoder.decode(plain)) };
}

/** The database as the app reads and writes it: clear, or sealed through transform-pouch. */
function database(name, encrypted) {
  const db = new PouchDB(name);
  if (encrypted) db.transform({ incoming: seal, outgoing: open });
  return db;
}

/**
 * Local writes one document at a time (db.put, as an app saving one record would), against one
 * raw strict IndexedDB transaction with the same record, in alternating chunks.
 */
async function localWrite({ count = 2000, chunk = 100, firearms = 5, encrypted = false }) {
  await destroy('bench-lw-pouch');
  await deleteDatabase('bench-lw-raw');
  const db = database('bench-lw-pouch', encrypted);
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
async function seed({ name = 'device', count = 10000, firearms = 5, seed = 0x5e1d, encrypted = false }) {
  await destroy(name);
  const db = database(name, encrypted);
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

/**
 * What one document looks like locally, stored (through a handle without the hook) and read
 * (through the app's handle), and on the server: the check that the encrypted peer stores and
 * sends ciphertext, and that its reader opens it.
 */
async function inspect({ name = 'device', remote = '', encrypted = false }) {
  const [first] = (await new PouchDB(name).allDocs({ include_docs: true, limit: 1 })).rows;
  const id = first.id;
  const opened = await database(name, encrypted).get(id);
  const onServer = await new PouchDB(remote).get(id);
  const sealed = (d) => typeof d.sealed === 'string' && d.agency === undefined;
  return { storedSealed: sealed(first.doc), serverSealed: sealed(onServer), readable: typeof opened.agency?.caseNumber === 'string' };
}

window.bench = { localWrite, seed, replicate, inspect, destroy };
document.getElementById('state').textContent = 'ready';
