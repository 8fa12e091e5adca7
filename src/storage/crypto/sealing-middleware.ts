/**
 * Encryption at rest for the device database (docs/security.md, "Records sealed on the device").
 *
 * A Dexie DBCore middleware at the bottom of the stack, right above IndexedDB: everything above it
 * (repositories, sync, live queries, Dexie's own hooks and cache) reads and writes plain rows, and
 * what reaches the disk for the tables in SEALED is
 *   - the whole row sealed with the unlocked officer's key (AES-256-GCM, bound to the table, the
 *     officer and the row),
 *   - identifying index values (case number, serial match keys) as keyed hashes; "starts with" on
 *     them works on hashes of their first characters (HASHED_PREFIXES), kept as ONE array key per
 *     value (the hashes of its prefixes, shortest first), which an IndexedDB key range on arrays
 *     finds by its first elements; what a search has beyond those is finished on the opened rows,
 *   - the few index values that identify nothing (status, sync state, times, attempts) in clear,
 *   - the row's id prefixed with the officer's tag, so two officers on one phone can each hold
 *     the same record, and rows of another officer are never returned: on this officer's keys
 *     they are simply not there.
 *
 * Everything here is synchronous (device-keys.ts): a row is sealed or opened inside the
 * transaction that writes or reads it, so the storage invariants (a save and its outbox entry in
 * one transaction, sync bookkeeping in one transaction) hold exactly as without encryption.
 * With no officer unlocked, any use of these tables throws LockedError and touches nothing.
 */
import type { DBCore, DBCoreCursor, DBCoreIndex, DBCoreKeyRange, DBCoreQueryRequest, DBCoreTable, Middleware } from 'dexie';
import type { DeviceKeys } from './device-keys';

export class LockedError extends Error {
  constructor() {
    super('The app is locked: no officer keys are open on this device.');
    this.name = 'LockedError';
  }
}

/** The keys of the officer who unlocked the app, and the tag their rows carry. */
export interface OpenKeyring {
  keys: DeviceKeys;
  tag: string;
}

/** The keyring for an officer's keys, as unlocking opens it. */
export const openKeyring = (keys: DeviceKeys): OpenKeyring => ({ keys, tag: ownerTag(keys) });

export const ownerTag = (keys: DeviceKeys): string => keys.indexHash('traceready owner');

interface TableSpec {
  /** keyPath of a string primary key, stored as "<tag>|<id>". Absent: a number key (the outbox's sequence). */
  taggedKey?: string;
  /** Index fields with identifying values, stored as keyed hashes ('prefix': an array of the hashes of its prefixes). */
  hashed?: Readonly<Record<string, 'exact' | 'prefix'>>;
  /** Index fields kept in clear beside the sealed row: they say nothing about the seizure. */
  clear: readonly string[];
  /** What names a row inside its table, bound into its seal. */
  rowName: (row: Record<string, unknown>) => string;
}

export const SEALED: Readonly<Record<string, TableSpec>> = {
  seizures: {
    taggedKey: 'id',
    hashed: { caseKey: 'prefix', serialKeys: 'prefix', makerSerialKeys: 'exact' },
    clear: ['status', 'updatedAt', 'syncState'],
    rowName: (row) => String(row.id),
  },
  // The record id and mutation id are random ids made on the device: they link, but reveal nothing.
  outbox: { clear: ['seq', 'mutationId', 'recordId', 'enqueuedAt', 'attempts'], rowName: (row) => String(row.mutationId) },
  drafts: { taggedKey: 'id', clear: ['savedAt'], rowName: (row) => String(row.id) },
  officerData: { taggedKey: 'key', clear: [], rowName: (row) => String(row.key) },
};

/**
 * The prefix lengths hashed for "starts with": every length up to 8, then every second one up
 * to 32. A search uses the longest of these it covers and finishes any extra characters on the
 * opened rows; case numbers share long starts ("ATF-2026-00…"), so the ladder goes past them.
 * A value's hashes are stored together as one array key, not one index entry each: a row of a
 * seizure with 5 firearms had about 60 index entries, and writing them was most of the cost of
 * writing the row (sync bookkeeping, pulls, saves).
 */
export const HASHED_PREFIXES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32];
const longestHashedPrefix = (length: number) => HASHED_PREFIXES.filter((n) => n <= length).at(-1) ?? 0;
/** The index format written now; rows written in another are written again at unlock (reindex-sealed.ts). */
export const SEALED_INDEX_FORMAT = 2;
const SEPARATOR = '|';
/** The character after SEPARATOR: the end of one officer's key range. */
const AFTER_SEPARATOR = '}';
const MAX_STRING = String.fromCharCode(65535);
// DBCoreRangeType is a const enum in Dexie's types; its values are stable.
const EQUAL = 1 as DBCoreKeyRange['type'];
const RANGE = 2 as DBCoreKeyRange['type'];
const ANY = 3 as DBCoreKeyRange['type'];

type Row = Record<string, unknown>;

/** What a row's seal is bound to: its table, its officer and its name in the table. */
const rowContext = (tableName: string, spec: TableSpec, k: OpenKeyring, row: Row) => `${tableName}${SEPARATOR}${k.tag}${SEPARATOR}${spec.rowName(row)}`;

/**
 * A row as it was last written or read under these keys, from what the keys remember
 * (sealing-cache.ts): no request, no decryption. For predicting what a write will be, never for
 * deciding it: the row on disk may have changed since.
 */
export function recallRow(keyring: OpenKeyring | undefined, tableName: string, key: string): Row | undefined {
  const spec = SEALED[tableName];
  if (!keyring || !spec?.taggedKey) return undefined;
  return keyring.keys.recall<Row>(rowContext(tableName, spec, keyring, { [spec.taggedKey]: key }));
}

/**
 * Seals rows ahead of the transaction that will write them (DeviceKeys.presealBytes), so the
 * write finds them sealed. Never fails: a row not sealed ahead, or changed since, is sealed as it
 * is written.
 */
export function presealRows(keyring: OpenKeyring | undefined, tableName: string, rows: readonly object[]): Promise<void> {
  const spec = SEALED[tableName];
  if (!keyring || !spec) return Promise.resolve();
  return Promise.all(rows.map((row) => keyring.keys.presealBytes(row, rowContext(tableName, spec, keyring, row as Row)))).then(
    () => undefined,
    () => undefined,
  );
}
/** A stored row that is not this officer's (or not sealed): never handed up. */
const NOT_OURS = Symbol('not ours');

const valuesOf = (field: unknown): string[] => (Array.isArray(field) ? field : field === undefined || field === '' ? [] : [field]).filter((v): v is string => typeof v === 'string' && v !== '');

function sealedTable(down: DBCoreTable, spec: TableSpec, keyring: () => OpenKeyring | undefined): DBCoreTable {
  const tableName = down.name;
  const open = (): OpenKeyring => {
    const current = keyring();
    if (!current) throw new LockedError();
    return current;
  };
  const tagKey = (k: OpenKeyring, key: unknown) => (spec.taggedKey && typeof key === 'string' ? `${k.tag}${SEPARATOR}${key}` : key);
  const untagKey = (k: OpenKeyring, key: unknown) => (spec.taggedKey && typeof key === 'string' && key.startsWith(k.tag + SEPARATOR) ? key.slice(k.tag.length + 1) : key);
  const isOurKey = (k: OpenKeyring, key: unknown) => typeof key === 'string' && key.startsWith(k.tag + SEPARATOR);
  const context = (k: OpenKeyring, row: Row) => rowContext(tableName, spec, k, row);

  /** The hashes of a value's prefixes, shortest first: its index key in a 'prefix' index. */
  const prefixHashes = (k: OpenKeyring, value: string): string[] => HASHED_PREFIXES.filter((n) => n <= value.length).map((n) => k.keys.indexHash(value.slice(0, n)));

  function hashes(k: OpenKeyring, field: unknown, mode: 'exact' | 'prefix'): (string | string[])[] {
    return valuesOf(field).map((value) => (mode === 'exact' ? k.keys.indexHash(value) : prefixHashes(k, value)));
  }

  const hashedFields = Object.entries(spec.hashed ?? {});
  const plainIndex = (row: Row) => JSON.stringify(hashedFields.map(([field]) => row[field] ?? null));

  function toStored(k: OpenKeyring, row: Row): Row {
    const where = context(k, row);
    const stored: Row = { owner: k.tag, sealed: k.keys.sealBytes(row, where) };
    for (const field of spec.clear) if (row[field] !== undefined) stored[field] = row[field];
    if (spec.taggedKey) stored[spec.taggedKey] = tagKey(k, row[spec.taggedKey]);
    if (hashedFields.length > 0) {
      const known = k.keys.cache.rowIndex(where);
      if (known && known.plain === plainIndex(row)) Object.assign(stored, known.stored);
      else for (const [field, mode] of hashedFields) stored[field] = hashes(k, row[field], mode);
      stored.indexFormat = SEALED_INDEX_FORMAT;
    }
    return stored;
  }

  /**
   * Keeps what an opened row's index values hash to, for when the row is written again unchanged
   * in them (sealing-cache.ts). Only for rows stored in the current index format: writing a row
   * of an earlier one again is how it gets the current one (reindex-sealed.ts).
   */
  function rememberIndex(k: OpenKeyring, where: string, opened: Row, stored: Row) {
    if (hashedFields.length === 0 || stored.indexFormat !== SEALED_INDEX_FORMAT) return;
    k.keys.cache.rememberRowIndex(where, { plain: plainIndex(opened), stored: Object.fromEntries(hashedFields.map(([field]) => [field, stored[field]])) });
  }

  function fromStored(k: OpenKeyring, stored: unknown): Row | typeof NOT_OURS | undefined {
    if (stored === undefined || stored === null) return undefined;
    const row = stored as Row;
    if (row.owner !== k.tag || !(row.sealed instanceof Uint8Array)) return NOT_OURS;
    const key = spec.taggedKey ? untagKey(k, row[spec.taggedKey]) : undefined;
    const named: Row = spec.taggedKey ? { [spec.taggedKey]: key } : { mutationId: row.mutationId };
    const where = context(k, named);
    const opened = k.keys.openBytes<Row>(row.sealed, where);
    rememberIndex(k, where, opened, row);
    // The outbox's sequence number is given by IndexedDB after the row was sealed.
    return spec.taggedKey ? opened : { ...opened, seq: row.seq };
  }

  /** The range to ask IndexedDB for, and what the opened rows must still satisfy. */
  function translate(k: OpenKeyring, index: DBCoreIndex, range: DBCoreKeyRange): { range: DBCoreKeyRange; keep?: (row: Row) => boolean } {
    if (index.isPrimaryKey && spec.taggedKey) {
      if (range.type === EQUAL) return { range: { ...range, lower: tagKey(k, range.lower), upper: tagKey(k, range.upper) } };
      if (range.type === RANGE || range.type === ANY) {
        const lower = typeof range.lower === 'string' ? tagKey(k, range.lower) : k.tag + SEPARATOR;
        const upper = typeof range.upper === 'string' ? tagKey(k, range.upper) : k.tag + AFTER_SEPARATOR;
        return { range: { type: RANGE, lower, upper, lowerOpen: typeof range.lower === 'string' && !!range.lowerOpen, upperOpen: typeof range.upper === 'string' ? !!range.upperOpen : true } };
      }
      return { range };
    }
    const mode = index.name ? spec.hashed?.[index.name] : undefined;
    if (!mode || !index.name) return { range };
    const field = index.name;
    // Every array key that begins with these hashes: an array sorts before any longer array that
    // starts with it, and an empty array sorts after every string, so [h…] ≤ key < [h…, []].
    const startingWith = (hashed: string[]): DBCoreKeyRange => ({ type: RANGE, lower: hashed, upper: [...hashed, []], lowerOpen: false, upperOpen: true });
    if (range.type === EQUAL && typeof range.lower === 'string' && range.lower !== '') {
      const value = range.lower;
      if (mode === 'exact') return { range: { type: EQUAL, lower: k.keys.indexHash(value), upper: k.keys.indexHash(value) } };
      return { range: startingWith(prefixHashes(k, value)), keep: (row) => valuesOf(row[field]).includes(value) };
    }
    // Dexie's startsWith(p) asks for [p, p + U+FFFF).
    if (mode === 'prefix' && range.type === RANGE && typeof range.lower === 'string' && range.upper === range.lower + MAX_STRING && range.lower !== '') {
      const prefix = range.lower;
      return {
        range: startingWith(prefixHashes(k, prefix)),
        ...(prefix.length > longestHashedPrefix(prefix.length) && { keep: (row: Row) => valuesOf(row[field]).some((v) => v.startsWith(prefix)) }),
      };
    }
    throw new Error(`The sealed index ${tableName}.${field} answers "equals"${mode === 'prefix' ? ' and "starts with"' : ''} only.`);
  }

  /** A stored row reduced to its primary key as the layers above know it (for keys-only answers). */
  const untagged = (k: OpenKeyring, row: Row): Row => (spec.taggedKey ? { [spec.taggedKey]: untagKey(k, row[spec.taggedKey]) } : { seq: row.seq });

  // No async functions below: Dexie keeps its transaction zone across the promises its own
  // DBCore returns, and a native async function would hand back a promise outside that zone.
  function queryOurs(k: OpenKeyring, req: DBCoreQueryRequest) {
    const { range, keep } = translate(k, req.query.index, req.query.range);
    const ask = (limit: number | undefined) => down.query({ ...req, values: true, limit, query: { index: req.query.index, range } });
    const open = (stored: readonly unknown[]) =>
      stored.flatMap((s) => {
        const row = fromStored(k, s);
        return row === undefined || row === NOT_OURS || (keep && !keep(row)) ? [] : [row];
      });
    // Keys only, and nothing to check on the opened rows: whose a row is shows without opening it.
    const keysOnly = !req.values && !keep;
    const ours = (stored: readonly unknown[]) => (keysOnly ? stored.filter((s) => (s as Row | undefined)?.owner === k.tag).map((s) => untagged(k, s as Row)) : open(stored));
    const pick = (stored: readonly unknown[]) => (isPrefixIndex(req.query.index) ? oncePerRow(ours(stored)) : ours(stored));
    const limit = req.limit !== undefined && Number.isFinite(req.limit) ? req.limit : undefined;
    return ask(limit).then((answer) => {
      const rows = pick(answer.result);
      // Rows of another officer, or beyond a hashed prefix, took places in a limited answer: ask again without the limit.
      if (limit === undefined || answer.result.length < limit || rows.length >= limit) return rows;
      return ask(undefined).then((all) => pick(all.result).slice(0, limit));
    });
  }

  const primaryKeyOf = (row: Row) => (spec.taggedKey ? row[spec.taggedKey] : row.seq);
  // A row is found once per value that matches: two serials of one seizure starting alike.
  const isPrefixIndex = (index: DBCoreIndex) => !!index.name && spec.hashed?.[index.name] === 'prefix';
  const oncePerRow = (rows: Row[]): Row[] => {
    const seen = new Set<unknown>();
    return rows.filter((row) => {
      const key = primaryKeyOf(row);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };

  return {
    ...down,

    mutate(req) {
      const k = open();
      if (req.type === 'add' || req.type === 'put') {
        return down
          .mutate({ ...req, values: req.values.map((v) => toStored(k, v as Row)), ...(req.keys && { keys: req.keys.map((key) => tagKey(k, key)) }) })
          .then((response) => ({
            ...response,
            lastResult: untagKey(k, response.lastResult),
            ...(response.results && { results: response.results.map((key) => untagKey(k, key)) }),
          }));
      }
      if (req.type === 'delete') return down.mutate({ ...req, keys: req.keys.map((key) => tagKey(k, key)) });
      // A range delete (clear(), or a key range): only this officer's rows in it.
      return queryOurs(k, { trans: req.trans, values: true, query: { index: down.schema.primaryKey, range: req.range } }).then((rows) =>
        down.mutate({ type: 'delete', trans: req.trans, keys: rows.map((row) => tagKey(k, primaryKeyOf(row))) }),
      );
    },

    get(req) {
      const k = open();
      return down.get({ ...req, key: tagKey(k, req.key) }).then((stored) => {
        const row = fromStored(k, stored);
        return row === NOT_OURS ? undefined : row;
      });
    },

    getMany(req) {
      const k = open();
      return down.getMany({ ...req, keys: req.keys.map((key) => tagKey(k, key)) }).then((stored) =>
        stored.map((s) => {
          const row = fromStored(k, s);
          return row === NOT_OURS ? undefined : row;
        }),
      );
    },

    query(req) {
      const k = open();
      return queryOurs(k, req).then((rows) => ({ result: req.values ? rows : rows.map(primaryKeyOf) }));
    },

    count(req) {
      const k = open();
      if (spec.taggedKey && !spec.hashed?.[req.query.index.name ?? '']) {
        // Keys alone tell whose a row is: no row needs opening to be counted.
        const { range } = translate(k, req.query.index, req.query.range);
        return down.query({ trans: req.trans, values: false, query: { index: req.query.index, range } }).then(({ result }) => result.filter((key) => isOurKey(k, key)).length);
      }
      return queryOurs(k, { trans: req.trans, values: true, query: req.query }).then((rows) => rows.length);
    },

    openCursor(req) {
      const k = open();
      const { range, keep } = translate(k, req.query.index, req.query.range);
      const tagsIndexKey = req.query.index.isPrimaryKey && spec.taggedKey;
      const shown = isPrefixIndex(req.query.index) ? new Set<unknown>() : undefined;
      return down.openCursor({ ...req, values: true, query: { index: req.query.index, range } }).then((cursor) => {
        if (!cursor) return cursor;
        let openedAt: unknown = NOT_OURS;
        let opened: Row | typeof NOT_OURS | undefined;
        const value = () => {
          if (openedAt !== cursor.primaryKey) {
            openedAt = cursor.primaryKey;
            opened = fromStored(k, cursor.value);
          }
          return opened;
        };
        const ours = () => {
          const row = value();
          return row !== undefined && row !== NOT_OURS && (!keep || keep(row));
        };
        const wrapped: DBCoreCursor = Object.create(cursor, {
          value: { get: () => value() },
          primaryKey: { get: () => untagKey(k, cursor.primaryKey) },
          key: { get: () => (tagsIndexKey ? untagKey(k, cursor.key) : cursor.key) },
          continue: { value: (key?: unknown) => cursor.continue(key === undefined ? undefined : tagsIndexKey ? tagKey(k, key) : key) },
          continuePrimaryKey: { value: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(tagsIndexKey ? tagKey(k, key) : key, tagKey(k, primaryKey)) },
          // Rows that are not this officer's are stepped over, never shown to the caller.
          start: {
            value: (onNext: () => void) =>
              cursor.start(() => {
                if (ours() && !shown?.has(cursor.primaryKey)) {
                  shown?.add(cursor.primaryKey);
                  onNext();
                } else cursor.continue();
              }),
          },
        });
        return wrapped;
      });
    },
  };
}

/** The middleware for one database; `keyring` says whose keys are open, if anyone's. */
export function sealingMiddleware(keyring: () => OpenKeyring | undefined): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Sealing',
    // Below Dexie's own middlewares (-1 and up): they, and everything above, see plain rows.
    level: -2,
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        const spec = SEALED[name];
        if (!spec) return table;
        const sealed = sealedTable(table, spec, keyring);
        // The schema upgrade moves version 1's rows as they are (db.ts); it runs before anyone can unlock.
        const upgrading = (req: { trans: unknown }) => (req.trans as IDBTransaction).mode === 'versionchange';
        return {
          ...sealed,
          mutate: (req) => (upgrading(req) ? table.mutate(req) : sealed.mutate(req)),
          get: (req) => (upgrading(req) ? table.get(req) : sealed.get(req)),
          getMany: (req) => (upgrading(req) ? table.getMany(req) : sealed.getMany(req)),
          query: (req) => (upgrading(req) ? table.query(req) : sealed.query(req)),
          count: (req) => (upgrading(req) ? table.count(req) : sealed.count(req)),
          openCursor: (req) => (upgrading(req) ? table.openCursor(req) : sealed.openCursor(req)),
        };
      },
    }),
  };
}
