/**
 * Encryption at rest for the device database (docs/security.md, "Records sealed on the device"):
 * the Dexie DBCore adapter.
 *
 * A DBCore middleware at the bottom of the stack, right above IndexedDB: everything above it
 * (repositories, sync, live queries, Dexie's own hooks and cache) reads and writes plain rows, and
 * what reaches the disk for the tables in SEALED (sealed-tables.ts) is
 *   - the whole row sealed with the unlocked officer's key (AES-256-GCM, bound to the table, the
 *     officer and the row),
 *   - identifying index values (case number, serial match keys) as keyed hashes (hashed-index.ts);
 *     what a search has beyond the hashed prefixes is finished here, on the opened rows,
 *   - the few index values that identify nothing (status, sync state, times, attempts) in clear,
 *   - the row's id prefixed with the officer's tag, so two officers on one phone can each hold
 *     the same record, and rows of another officer are never returned: on this officer's keys
 *     they are simply not there.
 *
 * Everything here is synchronous (record-cipher.ts): a row is sealed or opened inside the
 * transaction that writes or reads it, so the storage invariants (a save and its outbox entry in
 * one transaction, sync bookkeeping in one transaction) hold exactly as without encryption.
 * With no officer unlocked, any use of these tables throws LockedError and touches nothing.
 */
import type { DBCore, DBCoreCursor, DBCoreIndex, DBCoreKeyRange, DBCoreQueryRequest, DBCoreTable, Middleware } from 'dexie';
import { hashedKeys, plainIndexValues, SEALED_INDEX_FORMAT, translateHashedRange, type HashMode, type TranslatedRange } from './hashed-index';
import { fieldContext, isTaggedBy, rowContext, SEALED, tagKey, translatePrimaryRange, untagKey, type OpenKeyring, type TableSpec } from './sealed-tables';

export class LockedError extends Error {
  constructor() {
    super('The app is locked: no officer keys are open on this device.');
    this.name = 'LockedError';
  }
}

type Row = Record<string, unknown>;
/** A stored row that is not this officer's (or not sealed): never handed up. */
const NOT_OURS = Symbol('not ours');

/** A sealed table as the adapter works with it. */
interface Sealed {
  name: string;
  spec: TableSpec;
  hashedFields: readonly (readonly [string, HashMode])[];
}

const sealedSpec = (name: string, spec: TableSpec): Sealed => ({ name, spec, hashedFields: Object.entries(spec.hashed ?? {}) });

/** The row as its JSON seal holds it: the bytes fields are sealed apart, as bytes. */
function withoutBinary(spec: TableSpec, row: Row): Row {
  if (!spec.binary) return row;
  const rest = { ...row };
  for (const field of spec.binary) delete rest[field];
  return rest;
}

function toStored(table: Sealed, k: OpenKeyring, row: Row): Row {
  const { spec, hashedFields } = table;
  const where = rowContext(table.name, spec, k.tag, row);
  const stored: Row = { owner: k.tag, sealed: k.keys.sealBytes(withoutBinary(spec, row), where) };
  for (const field of spec.binary ?? []) {
    const bytes = row[field];
    if (bytes instanceof Uint8Array) stored[field] = k.keys.sealRaw(bytes, fieldContext(where, field));
  }
  for (const field of spec.clear) if (row[field] !== undefined) stored[field] = row[field];
  if (spec.taggedKey) stored[spec.taggedKey] = tagKey(spec, k.tag, row[spec.taggedKey]);
  if (hashedFields.length > 0) {
    const known = k.keys.cache.rowIndex(where);
    if (known && known.plain === plainIndexValues(hashedFields, row)) Object.assign(stored, known.stored);
    else for (const [field, mode] of hashedFields) stored[field] = hashedKeys(k.keys.indexHash, row[field], mode);
    stored.indexFormat = SEALED_INDEX_FORMAT;
  }
  return stored;
}

/**
 * A row exactly as the middleware stores it in a sealed table (sealed, hashed index keys, tagged
 * key): for the benchmarks' raw floors, which write the same bytes without Dexie.
 */
export function storedRow(tableName: string, keyring: OpenKeyring, row: Row): Row {
  const spec = SEALED[tableName];
  if (!spec) throw new Error(`${tableName} is not a sealed table`);
  return toStored(sealedSpec(tableName, spec), keyring, row);
}

function fromStored(table: Sealed, k: OpenKeyring, stored: unknown): Row | typeof NOT_OURS | undefined {
  if (stored === undefined || stored === null) return undefined;
  const { spec, hashedFields } = table;
  const row = stored as Row;
  if (row.owner !== k.tag || !(row.sealed instanceof Uint8Array)) return NOT_OURS;
  const named = spec.taggedKey ? { [spec.taggedKey]: untagKey(spec, k.tag, row[spec.taggedKey]) } : row;
  const where = rowContext(table.name, spec, k.tag, named);
  const opened = k.keys.openBytes<Row>(row.sealed, where);
  for (const field of spec.binary ?? []) {
    const bytes = row[field];
    if (bytes instanceof Uint8Array) opened[field] = k.keys.openRaw(bytes, fieldContext(where, field));
  }
  // Writing a row of an earlier index format again is how it gets the current one (reindex-sealed.ts).
  if (hashedFields.length > 0 && row.indexFormat === SEALED_INDEX_FORMAT) {
    k.keys.cache.rememberRowIndex(where, { plain: plainIndexValues(hashedFields, opened), stored: Object.fromEntries(hashedFields.map(([field]) => [field, row[field]])) });
  }
  // The outbox's sequence number is given by IndexedDB after the row was sealed.
  return spec.taggedKey ? opened : { ...opened, seq: row.seq };
}

function translate(table: Sealed, k: OpenKeyring, index: DBCoreIndex, range: DBCoreKeyRange): TranslatedRange {
  if (index.isPrimaryKey) return { range: translatePrimaryRange(table.spec, k.tag, range) };
  const mode = index.name ? table.spec.hashed?.[index.name] : undefined;
  if (!mode || !index.name) return { range };
  return translateHashedRange(k.keys.indexHash, { table: table.name, field: index.name, mode }, range);
}

const primaryKeyOf = (spec: TableSpec, row: Row) => (spec.taggedKey ? row[spec.taggedKey] : row.seq);
/** A stored row reduced to its primary key as the layers above know it (for keys-only answers). */
const untagged = (spec: TableSpec, k: OpenKeyring, row: Row): Row => (spec.taggedKey ? { [spec.taggedKey]: untagKey(spec, k.tag, row[spec.taggedKey]) } : { seq: row.seq });
// A row is found once per value that matches: two serials of one seizure starting alike.
const isPrefixIndex = (spec: TableSpec, index: DBCoreIndex) => !!index.name && spec.hashed?.[index.name] === 'prefix';
function oncePerRow(spec: TableSpec, rows: Row[]): Row[] {
  const seen = new Set<unknown>();
  return rows.filter((row) => {
    const key = primaryKeyOf(spec, row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sealedTable(down: DBCoreTable, spec: TableSpec, keyring: () => OpenKeyring | undefined): DBCoreTable {
  const table = sealedSpec(down.name, spec);
  const open = (): OpenKeyring => {
    const current = keyring();
    if (!current) throw new LockedError();
    return current;
  };
  const openedOrNothing = (k: OpenKeyring, stored: unknown) => {
    const row = fromStored(table, k, stored);
    return row === NOT_OURS ? undefined : row;
  };

  // No async functions below: Dexie keeps its transaction zone across the promises its own
  // DBCore returns, and a native async function would hand back a promise outside that zone.
  function queryOurs(k: OpenKeyring, req: DBCoreQueryRequest) {
    const { range, keep } = translate(table, k, req.query.index, req.query.range);
    const ask = (limit: number | undefined) => down.query({ ...req, values: true, limit, query: { index: req.query.index, range } });
    const open = (stored: readonly unknown[]) =>
      stored.flatMap((s) => {
        const row = fromStored(table, k, s);
        return row === undefined || row === NOT_OURS || (keep && !keep(row)) ? [] : [row];
      });
    // Keys only, and nothing to check on the opened rows: whose a row is shows without opening it.
    const keysOnly = !req.values && !keep;
    const ours = (stored: readonly unknown[]) => (keysOnly ? stored.filter((s) => (s as Row | undefined)?.owner === k.tag).map((s) => untagged(spec, k, s as Row)) : open(stored));
    const pick = (stored: readonly unknown[]) => (isPrefixIndex(spec, req.query.index) ? oncePerRow(spec, ours(stored)) : ours(stored));
    const limit = req.limit !== undefined && Number.isFinite(req.limit) ? req.limit : undefined;
    return ask(limit).then((answer) => {
      const rows = pick(answer.result);
      // Rows of another officer, or beyond a hashed prefix, took places in a limited answer: ask again without the limit.
      if (limit === undefined || answer.result.length < limit || rows.length >= limit) return rows;
      return ask(undefined).then((all) => pick(all.result).slice(0, limit));
    });
  }

  return {
    ...down,

    mutate(req) {
      const k = open();
      if (req.type === 'add' || req.type === 'put') {
        return down
          .mutate({ ...req, values: req.values.map((v) => toStored(table, k, v as Row)), ...(req.keys && { keys: req.keys.map((key) => tagKey(spec, k.tag, key)) }) })
          .then((response) => ({
            ...response,
            lastResult: untagKey(spec, k.tag, response.lastResult),
            ...(response.results && { results: response.results.map((key) => untagKey(spec, k.tag, key)) }),
          }));
      }
      if (req.type === 'delete') return down.mutate({ ...req, keys: req.keys.map((key) => tagKey(spec, k.tag, key)) });
      // A range delete (clear(), or a key range): only this officer's rows in it.
      return queryOurs(k, { trans: req.trans, values: true, query: { index: down.schema.primaryKey, range: req.range } }).then((rows) =>
        down.mutate({ type: 'delete', trans: req.trans, keys: rows.map((row) => tagKey(spec, k.tag, primaryKeyOf(spec, row))) }),
      );
    },

    get(req) {
      const k = open();
      return down.get({ ...req, key: tagKey(spec, k.tag, req.key) }).then((stored) => openedOrNothing(k, stored));
    },

    getMany(req) {
      const k = open();
      return down.getMany({ ...req, keys: req.keys.map((key) => tagKey(spec, k.tag, key)) }).then((stored) => stored.map((s) => openedOrNothing(k, s)));
    },

    query(req) {
      const k = open();
      return queryOurs(k, req).then((rows) => ({ result: req.values ? rows : rows.map((row) => primaryKeyOf(spec, row)) }));
    },

    count(req) {
      const k = open();
      if (spec.taggedKey && !spec.hashed?.[req.query.index.name ?? '']) {
        // Keys alone tell whose a row is: no row needs opening to be counted.
        const { range } = translate(table, k, req.query.index, req.query.range);
        return down.query({ trans: req.trans, values: false, query: { index: req.query.index, range } }).then(({ result }) => result.filter((key) => isTaggedBy(k.tag, key)).length);
      }
      return queryOurs(k, { trans: req.trans, values: true, query: req.query }).then((rows) => rows.length);
    },

    openCursor(req) {
      const k = open();
      const { range, keep } = translate(table, k, req.query.index, req.query.range);
      return down.openCursor({ ...req, values: true, query: { index: req.query.index, range } }).then((cursor) => cursor && ourCursor(table, k, cursor, req.query.index, keep));
    },
  };
}

/** A cursor over the stored rows that shows only this officer's, opened, and each row once. */
function ourCursor(table: Sealed, k: OpenKeyring, cursor: DBCoreCursor, index: DBCoreIndex, keep: TranslatedRange['keep']): DBCoreCursor {
  const { spec } = table;
  const tagsIndexKey = index.isPrimaryKey && spec.taggedKey;
  const shown = isPrefixIndex(spec, index) ? new Set<unknown>() : undefined;
  let openedAt: unknown = NOT_OURS;
  let opened: Row | typeof NOT_OURS | undefined;
  const value = () => {
    if (openedAt !== cursor.primaryKey) {
      openedAt = cursor.primaryKey;
      opened = fromStored(table, k, cursor.value);
    }
    return opened;
  };
  const ours = () => {
    const row = value();
    return row !== undefined && row !== NOT_OURS && (!keep || keep(row));
  };
  const tagged = (key: unknown) => (tagsIndexKey ? tagKey(spec, k.tag, key) : key);
  return Object.create(cursor, {
    value: { get: () => value() },
    primaryKey: { get: () => untagKey(spec, k.tag, cursor.primaryKey) },
    key: { get: () => (tagsIndexKey ? untagKey(spec, k.tag, cursor.key) : cursor.key) },
    continue: { value: (key?: unknown) => cursor.continue(key === undefined ? undefined : tagged(key)) },
    continuePrimaryKey: { value: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(tagged(key), tagKey(spec, k.tag, primaryKey)) },
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
