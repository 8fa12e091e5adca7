/**
 * Reads a phone's sealed database the way someone holding the phone and the officer's PIN could:
 * around the app, with WebCrypto only, from the format docs/security.md describes (PIN-wrapped
 * secret in meta, HKDF-derived keys, AES-GCM rows bound to table, officer tag and row; each
 * record's sync state in a sealed row of its own). The crash
 * tests use it to see what is on the device without trusting the app's own reading of it.
 */
import type { Page } from 'playwright-core';
import { PIN } from './pages';

export interface OpenedDevice {
  seizures: { id: string; syncState: string; record: { agency: { caseNumber?: string } } }[];
  /** The records' sync rows as stored (src/storage/db.ts SyncRow). */
  states: { id: string; state: string; revision?: number; updatedAt: string; errors?: { code: string }[]; conflict?: { revision: number; record: { notes?: string } } }[];
  outbox: { recordId: string; mutationId: string }[];
  drafts: { id: string; values: { agency?: { caseNumber?: string } } }[];
}

/** The sync state a row of schema version 2 carried inside it. */
export interface InlineSync {
  syncState: string;
  serverRevision?: number;
  syncErrors?: unknown[];
  conflict?: unknown;
}

export function readDevice(page: Page, pin = PIN): Promise<OpenedDevice> {
  return openDevice(page, pin, undefined);
}

/**
 * Writes the phone's database back as schema version 2 of the app kept it (IndexedDB version 20):
 * each of the officer's seizure rows sealed again with its sync state inside it (and in clear as
 * `syncState`), with `changes` laid over the state of the records they name, and no syncStates
 * table. What an older app on the phone would have left, made from what the app wrote now.
 */
export async function rewriteAsVersionTwo(page: Page, changes: Record<string, InlineSync>, pin = PIN): Promise<void> {
  await openDevice(page, pin, changes);
}

function openDevice(page: Page, pin: string, rewrite: Record<string, InlineSync> | undefined): Promise<OpenedDevice> {
  return page.evaluate(async ({ pin, rewrite }) => {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('traceready');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const get = idb.transaction(store).objectStore(store).getAll();
        get.onsuccess = () => resolve(get.result as Record<string, unknown>[]);
        get.onerror = () => reject(get.error);
      });
    const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const text = new TextEncoder();
    const subtle = crypto.subtle;

    const vault = (await all('meta')).find((entry) => String(entry.key).startsWith('deviceKeys:'))?.value as { pin: { iv: string; data: string; salt: string; iterations: number } };
    const pinKey = await subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(vault.pin.salt), iterations: vault.pin.iterations },
      await subtle.importKey('raw', text.encode(pin), 'PBKDF2', false, ['deriveKey']),
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const secret = await subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(vault.pin.iv), additionalData: text.encode('traceready device secret, PIN') }, pinKey, fromBase64(vault.pin.data));
    const base = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
    const hkdf = (name: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: text.encode(`traceready ${name} v1`) });
    const records = await subtle.deriveKey(hkdf('records'), base, { name: 'AES-GCM', length: 256 }, false, ['decrypt', 'encrypt']);
    const index = await subtle.deriveKey(hkdf('index'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
    const tagBytes = new Uint8Array(await subtle.sign('HMAC', index, text.encode('traceready owner')), 0, 16);
    const tag = btoa(String.fromCharCode(...tagBytes));

    const open = async (table: string, rowName: (row: Record<string, unknown>) => string) => {
      const opened: unknown[] = [];
      for (const row of await all(table)) {
        if (row.owner !== tag) continue;
        const sealed = row.sealed as Uint8Array<ArrayBuffer>;
        const plain = await subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12), additionalData: text.encode(`${table}|${tag}|${rowName(row)}`) }, records, sealed.subarray(12));
        opened.push(JSON.parse(new TextDecoder().decode(plain)));
      }
      return opened;
    };
    const ownId = (row: Record<string, unknown>) => String(row.id).slice(tag.length + 1);
    // Each record's sync state is in a row of its own (schema version 3); a row of version 2
    // still carries it inside until its officer's unlock moves it.
    const stateRows = (await open('syncStates', ownId)) as { id: string; state: string }[];
    const states = new Map(stateRows.map((s) => [s.id, s.state]));
    const seizures = (await open('seizures', ownId)) as { id: string; syncState?: string }[];
    const result = {
      seizures: seizures.map((row) => ({ ...row, syncState: states.get(row.id) ?? row.syncState })),
      states: stateRows,
      outbox: await open('outbox', (row) => String(row.mutationId)),
      drafts: await open('drafts', ownId),
    };
    if (rewrite) {
      const stored: Record<string, Record<string, unknown>[]> = {};
      // Only the stores version 2 had: later versions' tables (syncStates, exportLog) did not exist then.
      const versionTwoStores = ['seizures', 'outbox', 'drafts', 'meta', 'unsealedSeizures', 'unsealedOutbox', 'unsealedDrafts', 'officerData'];
      for (const store of [...idb.objectStoreNames]) if (versionTwoStores.includes(store)) stored[store] = await all(store);
      const byId = new Map(stateRows.map((s) => [s.id, s as unknown as { state: string; revision?: number; errors?: unknown[]; conflict?: unknown }]));
      const seal = async (plain: unknown, context: string) => {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: text.encode(context) }, records, text.encode(JSON.stringify(plain))));
        const out = new Uint8Array(12 + data.length);
        out.set(iv);
        out.set(data, 12);
        return out;
      };
      const rows: Record<string, unknown>[] = [];
      for (const row of stored.seizures ?? []) {
        if (row.owner !== tag) {
          rows.push(row);
          continue;
        }
        const sealed = row.sealed as Uint8Array<ArrayBuffer>;
        const id = ownId(row);
        const context = `seizures|${tag}|${id}`;
        const plain = JSON.parse(new TextDecoder().decode(await subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12), additionalData: text.encode(context) }, records, sealed.subarray(12)))) as Record<string, unknown>;
        const state = byId.get(id);
        const inline = { ...(state && { syncState: state.state, serverRevision: state.revision, syncErrors: state.errors, conflict: state.conflict }), ...rewrite[id] };
        const withState = JSON.parse(JSON.stringify({ ...plain, ...inline })) as Record<string, unknown>;
        rows.push({ ...row, sealed: await seal(withState, context), syncState: withState.syncState });
      }
      stored.seizures = rows;
      idb.close();
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('traceready');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      });
      // Version 2's stores and indexes, as Dexie made them from src/storage/schema-versions.ts.
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('traceready', 20);
        request.onupgradeneeded = () => {
          const v2 = request.result;
          const seizures = v2.createObjectStore('seizures', { keyPath: 'id' });
          for (const name of ['status', 'updatedAt', 'syncState']) seizures.createIndex(name, name);
          for (const name of ['caseKey', 'serialKeys', 'makerSerialKeys']) seizures.createIndex(name, name, { multiEntry: true });
          const outbox = v2.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
          outbox.createIndex('mutationId', 'mutationId', { unique: true });
          outbox.createIndex('recordId', 'recordId');
          v2.createObjectStore('drafts', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
          for (const [name, keyPath] of [['meta', 'key'], ['unsealedSeizures', 'id'], ['unsealedOutbox', 'seq'], ['unsealedDrafts', 'id'], ['officerData', 'key']] as const) v2.createObjectStore(name, { keyPath });
        };
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const v2 = request.result;
          const tx = v2.transaction(Object.keys(stored), 'readwrite');
          for (const [name, values] of Object.entries(stored)) for (const value of values) tx.objectStore(name).put(value);
          tx.oncomplete = () => {
            v2.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
      return result as OpenedDevice;
    }
    idb.close();
    return result as OpenedDevice;
  }, { pin, rewrite });
}
