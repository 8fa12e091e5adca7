/**
 * Which tables are sealed and how each of their fields reaches the disk (docs/security.md,
 * "Records sealed on the device"); whose rows they are (the officer's tag on each key), and what
 * a row's seal is bound to. A new sealed table is one entry in SEALED: the sealing middleware
 * (sealing-middleware.ts) does the rest.
 */
import type { DBCoreKeyRange } from 'dexie';
import type { DeviceKeys } from './device-keys';
import { ANY, EQUAL, RANGE, type HashMode } from './hashed-index';

type Row = Record<string, unknown>;

export interface TableSpec {
  /** keyPath of a string primary key, stored as "<tag>|<id>". Absent: a number key (the outbox's sequence). */
  taggedKey?: string;
  /** Index fields with identifying values, stored as keyed hashes (hashed-index.ts). */
  hashed?: Readonly<Record<string, HashMode>>;
  /** Index fields kept in clear beside the sealed row: they say nothing about the seizure. */
  clear: readonly string[];
  /**
   * Fields holding bytes (a photo's): each sealed apart as the bytes they are (DeviceKeys.sealRaw),
   * under the row's context and the field's name, rather than inside the row's JSON.
   */
  binary?: readonly string[];
  /**
   * What names a row inside its table, bound into its seal. Without taggedKey it reads a field
   * kept in clear, so a stored row names itself before it is opened.
   */
  rowName: (row: Row) => string;
}

export const SEALED: Readonly<Record<string, TableSpec>> = {
  seizures: {
    taggedKey: 'id',
    hashed: { caseKey: 'prefix', serialKeys: 'prefix', makerSerialKeys: 'exact' },
    // syncState: only on rows written by schema version 2, until their state moves out (split-sync-state.ts).
    clear: ['status', 'updatedAt', 'syncState'],
    rowName: (row) => String(row.id),
  },
  // Where a record stands against the server. The state is in clear for the pending count and
  // the start-up repair (as version 2 kept it beside each seizure); the revision, the server's
  // reasons for a refusal (they quote the record) and a conflict's server version are sealed.
  syncStates: { taggedKey: 'id', clear: ['state'], rowName: (row) => String(row.id) },
  // The record id and mutation id are random ids made on the device: they link, but reveal nothing.
  outbox: { clear: ['seq', 'mutationId', 'recordId', 'enqueuedAt', 'attempts'], rowName: (row) => String(row.mutationId) },
  drafts: { taggedKey: 'id', clear: ['savedAt'], rowName: (row) => String(row.id) },
  officerData: { taggedKey: 'key', clear: [], rowName: (row) => String(row.key) },
  // What was exported, with which filter, stays sealed; the time orders the reports.
  exportLog: { taggedKey: 'exportId', clear: ['at'], rowName: (row) => String(row.exportId) },
  // Trace statuses: the firearm and record ids are random ids made on the device, the state says
  // only whether it is sent; the status itself (request number, dealer, result) is sealed.
  traceStatuses: { taggedKey: 'firearmId', clear: ['recordId', 'state'], rowName: (row) => String(row.firearmId) },
  traceOutbox: { clear: ['seq', 'mutationId', 'firearmId', 'recordId', 'enqueuedAt', 'attempts'], rowName: (row) => String(row.mutationId) },
  // Photos (photo-store.ts): the photo, record and firearm ids are random ids made on the device;
  // what the photo shows, its hash, size, time and place are sealed.
  photos: { taggedKey: 'photoId', clear: ['recordId'], rowName: (row) => String(row.photoId) },
  // A photo's bytes, the original and the display copy, one row each: sealed as bytes.
  photoFiles: { taggedKey: 'fileId', clear: ['photoId'], binary: ['bytes'], rowName: (row) => String(row.fileId) },
  // Where each photo's upload stands: the state in clear for the queue; the tus address and the last error sealed.
  photoUploads: { taggedKey: 'photoId', clear: ['recordId', 'state'], rowName: (row) => String(row.photoId) },
};

/** The context a binary field of a row is sealed under: the row's, and the field's name. */
export const fieldContext = (rowContextValue: string, field: string): string => `${rowContextValue}${SEPARATOR}${field}`;

/** The keys of the officer who unlocked the app, and the tag their rows carry. */
export interface OpenKeyring {
  keys: DeviceKeys;
  tag: string;
}

export const ownerTag = (keys: DeviceKeys): string => keys.indexHash('traceready owner');

/** The keyring for an officer's keys, as unlocking opens it. */
export const openKeyring = (keys: DeviceKeys): OpenKeyring => ({ keys, tag: ownerTag(keys) });

const SEPARATOR = '|';
/** The character after SEPARATOR: the end of one officer's key range. */
const AFTER_SEPARATOR = '}';

/** What a row's seal is bound to: its table, its officer and its name in the table. */
export const rowContext = (tableName: string, spec: TableSpec, tag: string, row: Row): string => `${tableName}${SEPARATOR}${tag}${SEPARATOR}${spec.rowName(row)}`;

/** A key as stored: a string key of a tagged table carries the officer's tag; any other key is as given. */
export const tagKey = (spec: TableSpec, tag: string, key: unknown): unknown => (spec.taggedKey && typeof key === 'string' ? `${tag}${SEPARATOR}${key}` : key);
export const isTaggedBy = (tag: string, key: unknown): key is string => typeof key === 'string' && key.startsWith(tag + SEPARATOR);
export const untagKey = (spec: TableSpec, tag: string, key: unknown): unknown => (spec.taggedKey && isTaggedBy(tag, key) ? key.slice(tag.length + 1) : key);

/** A range of primary keys as stored: within this officer's tag, however open the range asked. */
export function translatePrimaryRange(spec: TableSpec, tag: string, range: DBCoreKeyRange): DBCoreKeyRange {
  if (!spec.taggedKey) return range;
  if (range.type === EQUAL) return { ...range, lower: tagKey(spec, tag, range.lower), upper: tagKey(spec, tag, range.upper) };
  if (range.type !== RANGE && range.type !== ANY) return range;
  const lower = typeof range.lower === 'string' ? tagKey(spec, tag, range.lower) : tag + SEPARATOR;
  const upper = typeof range.upper === 'string' ? tagKey(spec, tag, range.upper) : tag + AFTER_SEPARATOR;
  return { type: RANGE, lower, upper, lowerOpen: typeof range.lower === 'string' && !!range.lowerOpen, upperOpen: typeof range.upper === 'string' ? !!range.upperOpen : true };
}

/**
 * Seals rows ahead of the transaction that will write them (DeviceKeys.presealBytes), so the
 * write finds them sealed. Never fails: a row not sealed ahead, or changed since, is sealed as it
 * is written.
 */
export function presealRows(keyring: OpenKeyring | undefined, tableName: string, rows: readonly object[]): Promise<void> {
  const spec = SEALED[tableName];
  if (!keyring || !spec) return Promise.resolve();
  const binary = spec.binary ?? [];
  const sealAhead = (row: Row) => {
    const where = rowContext(tableName, spec, keyring.tag, row);
    if (binary.length === 0) return keyring.keys.presealBytes(row, where);
    const bytes = binary.flatMap((field) => (row[field] instanceof Uint8Array ? [keyring.keys.presealRaw(row[field], fieldContext(where, field))] : []));
    const rest = Object.fromEntries(Object.entries(row).filter(([field]) => !binary.includes(field)));
    return Promise.all([...bytes, keyring.keys.presealBytes(rest, where)]);
  };
  return Promise.all(rows.map((row) => sealAhead(row as Row))).then(
    () => undefined,
    () => undefined,
  );
}
