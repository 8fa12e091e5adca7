/**
 * The physical floor on the device: IndexedDB used directly, with the same object stores and
 * indexes as the app's TraceDB (src/storage/db.ts) and the same strict durability, so a raw
 * write does the same index work on the same bytes as the app's code, and nothing else.
 */
/* global indexedDB */

/** Opens (creating) a database shaped like TraceDB version 1. */
export function openRaw(name) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const seizures = db.createObjectStore('seizures', { keyPath: 'id' });
      for (const index of ['status', 'updatedAt', 'caseKey', 'syncState']) seizures.createIndex(index, index);
      for (const index of ['serialKeys', 'makerSerialKeys']) seizures.createIndex(index, index, { multiEntry: true });
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('mutationId', 'mutationId', { unique: true });
      outbox.createIndex('recordId', 'recordId');
      db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** One strict read-write transaction; resolves on `complete` (the commit), as the app's saves do. */
export function rawWrite(db, stores, work) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, 'readwrite', { durability: 'strict' });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('aborted'));
    work(tx);
  });
}

export function deleteDatabase(name) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`deleting ${name} is blocked`));
  });
}
