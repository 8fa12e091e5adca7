/**
 * When two seizures' link keys (keys.ts) make a link, how strong it is and what it shows
 * (docs/links.md "Rules and strengths"). The server feeds it the index rows it found by index
 * lookups; the same functions find every link inside a set of rows for the leads (clusters).
 */
import { DEFAULT_SERIAL_DISTANCE } from '../serial-distance';
import { distanceMetres, neighbourCells, PURCHASER, type LinkKey, type LinkReason } from './keys';

export const STRENGTHS = ['strong', 'medium', 'weak'] as const;
export type Strength = (typeof STRENGTHS)[number];

export interface LinkThresholds {
  /** Largest numeric distance between two serials of one series. */
  serialDistance: number;
  /** Largest distance between two recovery places, and days between them. */
  placeMetres: number;
  placeDays: number;
  /** Purchase to recovery under this many days is a short time to crime. */
  shortTimeToCrimeDays: number;
}

export const DEFAULT_THRESHOLDS: LinkThresholds = {
  serialDistance: DEFAULT_SERIAL_DISTANCE,
  placeMetres: 500,
  placeDays: 3,
  shortTimeToCrimeDays: 3 * 365,
};

/** An index row with the record it belongs to. */
export interface IndexedKey extends LinkKey {
  recordId: string;
  /** The record's recovery date, where the index keeps it (the leads order by it). */
  recoveredOn?: string | null;
}

export interface LinkDetails {
  /**
   * A short digest of the person key both possessors have (never the name): two person links
   * with the same `person` are one person, so the link graph draws them as one node.
   */
  person?: string;
  /** The firearm of each side a serial or dealer link comes from (the graph's firearm nodes). */
  fromFirearm?: string;
  toFirearm?: string;
  serialDistance?: number;
  model?: string;
  metres?: number;
  days?: number;
  dealerFfl?: string;
  shortTimeToCrime?: boolean;
  /** A person linked by an identity document of this type (identity-document.ts), not by name. */
  document?: string;
  /** A person linked as a trace result's purchaser on at least one side. */
  purchaser?: boolean;
}

export interface Link {
  from: string;
  to: string;
  reason: LinkReason;
  strength: Strength;
  details: LinkDetails;
}

/** A document key names its type ("curp"); a purchaser's key says so; a possessor's name key has neither. */
function personDetails(a: IndexedKey, b: IndexedKey): LinkDetails {
  const purchaser = a.detail === PURCHASER || b.detail === PURCHASER;
  const document = a.detail !== null && a.detail !== PURCHASER ? a.detail : undefined;
  return { ...(document && { document }), ...(purchaser && { purchaser: true }) };
}

const isShort = (days: number | null, t: LinkThresholds) => days !== null && days < t.shortTimeToCrimeDays;

/**
 * The link two rows of the same kind make, or undefined. Exact kinds need the same key; a serial
 * the same series within the distance (the same serial is deconfliction's, not a link); a place
 * within the metres and days.
 */
export function matchKeys(a: IndexedKey, b: IndexedKey, t: LinkThresholds = DEFAULT_THRESHOLDS): Link | undefined {
  if (a.kind !== b.kind || a.recordId === b.recordId) return undefined;
  const link = (strength: Strength, details: LinkDetails = {}): Link => ({ from: a.recordId, to: b.recordId, reason: a.kind, strength, details });
  const firearms = a.firearmId && b.firearmId ? { fromFirearm: a.firearmId, toFirearm: b.firearmId } : {};
  switch (a.kind) {
    case 'person':
      return a.key === b.key ? link('strong', { person: keyDigest(a.key), ...personDetails(a, b) }) : undefined;
    case 'case':
      return a.key === b.key ? link('strong') : undefined;
    case 'address':
      return a.key === b.key ? link('medium') : undefined;
    case 'serial': {
      if (a.key !== b.key || a.num === null || b.num === null) return undefined;
      const distance = Math.abs(a.num - b.num);
      if (distance === 0 || distance > t.serialDistance) return undefined;
      return link(distance <= 3 ? 'strong' : 'medium', { serialDistance: distance, model: a.detail ?? '', ...firearms });
    }
    case 'dealer': {
      if (a.key !== b.key) return undefined;
      const shortBoth = isShort(a.num, t) && isShort(b.num, t);
      return link(shortBoth ? 'strong' : isShort(a.num, t) || isShort(b.num, t) ? 'medium' : 'weak', { dealerFfl: a.key, shortTimeToCrime: shortBoth, ...firearms });
    }
    case 'place': {
      if (a.lat === null || a.lon === null || b.lat === null || b.lon === null || a.num === null || b.num === null) return undefined;
      const days = Math.abs(a.num - b.num);
      const metres = Math.round(distanceMetres({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon }));
      if (days > t.placeDays || metres > t.placeMetres) return undefined;
      return link(metres <= 100 && days <= 1 ? 'medium' : 'weak', { metres, days });
    }
  }
}

/**
 * FNV-1a (32 bits, hex) of a key: enough to tell the persons of one answer apart, and not the
 * folded name and date of birth the key is made of.
 */
export function keyDigest(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const RANK: Record<Strength, number> = { strong: 0, medium: 1, weak: 2 };
export const strongerFirst = (x: Link, y: Link) => RANK[x.strength] - RANK[y.strength];

/**
 * One link per pair of records and reason: the strongest of the key pairs that made it (two
 * firearms of one series in both records are one serial link).
 */
export function strongestPerPair(links: readonly Link[]): Link[] {
  const best = new Map<string, Link>();
  for (const link of links) {
    const [one, two] = [link.from, link.to].sort();
    const id = `${one}|${two}|${link.reason}`;
    const seen = best.get(id);
    if (!seen || strongerFirst(link, seen) < 0 || (link.strength === seen.strength && (link.details.serialDistance ?? 0) < (seen.details.serialDistance ?? 0))) best.set(id, link);
  }
  return [...best.values()];
}

/**
 * Every link inside a set of rows (the leads): rows are bucketed so that only rows that can match
 * are compared — the same key for exact kinds and serial series (a series sorted by number, each
 * compared with the following ones within the distance), the cell and its neighbours for places.
 */
export function linksAmong(rows: readonly IndexedKey[], t: LinkThresholds = DEFAULT_THRESHOLDS): Link[] {
  const buckets = new Map<string, IndexedKey[]>();
  for (const row of rows) {
    const id = `${row.kind}|${row.key}`;
    const bucket = buckets.get(id);
    if (bucket) bucket.push(row);
    else buckets.set(id, [row]);
  }
  const links: Link[] = [];
  for (const bucket of buckets.values()) {
    const kind = bucket[0]!.kind;
    if (kind === 'place') continue;
    if (kind === 'serial') bucket.sort((x, y) => (x.num ?? 0) - (y.num ?? 0));
    for (let i = 0; i < bucket.length; i += 1) {
      for (let j = i + 1; j < bucket.length; j += 1) {
        const a = bucket[i]!;
        const b = bucket[j]!;
        if (kind === 'serial' && (b.num ?? 0) - (a.num ?? 0) > t.serialDistance) break;
        const link = matchKeys(a, b, t);
        if (link) links.push(link);
      }
    }
  }
  for (const row of rows) {
    if (row.kind !== 'place' || row.lat === null || row.lon === null) continue;
    for (const cell of neighbourCells(row.lat, row.lon, t.placeMetres)) {
      for (const other of buckets.get(`place|${cell}`) ?? []) {
        // Each unordered pair once: the row with the smaller record id (then key) speaks for it.
        if (other.recordId <= row.recordId) continue;
        const link = matchKeys(row, other, t);
        if (link) links.push(link);
      }
    }
  }
  return strongestPerPair(links);
}

/** Groups of three or more records tied by links, each record in one group (union-find). */
export function clustersOf(links: readonly Link[], minimum = 3): string[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let at = id; at !== root; ) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const add = (id: string) => {
    if (!parent.has(id)) parent.set(id, id);
  };
  for (const { from, to } of links) {
    add(from);
    add(to);
    const [x, y] = [find(from), find(to)];
    if (x !== y) parent.set(x, y);
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const group = groups.get(root);
    if (group) group.push(id);
    else groups.set(root, [id]);
  }
  return [...groups.values()].filter((group) => group.length >= minimum).map((group) => group.sort());
}
