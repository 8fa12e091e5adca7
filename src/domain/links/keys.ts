/**
 * The keys a seizure is linked by (issue 16, docs/links.md): what the server's link index stores
 * per record, computed here so the rules and their tests live in one place. Two seizures are
 * linked when they share a key of the same kind (person, case, address, dealer), when their
 * serials are of one series within a small numeric distance, or when they were recovered within
 * a few hundred metres and a few days of each other.
 *
 * Pure: no database, no clock. The server writes these rows; the rules (rules.ts) judge matches.
 */
import { caseNumberKey, makerKey } from '../keys';
import { idDocumentKey } from '../identity-document';
import { personKey } from '../person-key';
import type { Seizure } from '../schema';
import { serialParts, seriesKey } from '../serial-distance';
import type { TraceStatus } from '../trace-status';
import { searchKey } from '../vocab/normalize';

export const LINK_REASONS = ['person', 'serial', 'dealer', 'case', 'address', 'place'] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

/** One row of the link index. `num` is the serial's number, the place's day, or the time to crime in days. */
export interface LinkKey {
  kind: LinkReason;
  key: string;
  num: number | null;
  firearmId: string | null;
  lat: number | null;
  lon: number | null;
  /** What the link view shows beside the link (the serial, the model), never a person's name. */
  detail: string | null;
}

/**
 * Place cells: a grid of CELL_DEGREES of latitude (about 550 m) by the same in longitude scaled
 * to the latitude band, so cells stay roughly square away from the equator. A match within M
 * metres is searched in the cells up to ceil(M / cell side) rows and columns around the point's
 * own (one ring, nine cells, for the default 500 m), so no pair within M metres is missed.
 */
export const CELL_DEGREES = 0.005;
/** The shortest side a cell has, with a margin for the band's latitude and the earth's shape. */
const CELL_METRES = CELL_DEGREES * 111_000 * 0.98;

/** A row's longitude step: the cell side at the row's edge nearer the pole, never narrower than CELL_METRES. */
const lonStep = (row: number) => CELL_DEGREES / Math.max(Math.cos((Math.max(Math.abs(row), Math.abs(row + 1)) * CELL_DEGREES * Math.PI) / 180), 0.01);

/** The cell of a point as its row and column. */
export function placeCell(lat: number, lon: number): { row: number; col: number } {
  const row = Math.floor(lat / CELL_DEGREES);
  return { row, col: Math.floor(lon / lonStep(row)) };
}

export const cellKey = (row: number, col: number): string => `${row}:${col}`;

/**
 * The keys of the cells within `metres` of the point. Rows above and below have a slightly
 * different longitude step, so each row's columns are computed from the point's longitude.
 */
export function neighbourCells(lat: number, lon: number, metres: number): string[] {
  const rings = Math.max(1, Math.ceil(metres / CELL_METRES));
  const keys = new Set<string>();
  const own = Math.floor(lat / CELL_DEGREES);
  for (let row = own - rings; row <= own + rings; row += 1) {
    const col = Math.floor(lon / lonStep(row));
    for (let dCol = -rings; dCol <= rings; dCol += 1) keys.add(cellKey(row, col + dCol));
  }
  return [...keys];
}

/** Metres between two points (haversine; a few hundred metres need no better). */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Days since 1970-01-01 of an ISO date or date-time's calendar date (the scene's own date). */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/**
 * An address as officers type it, folded: state, municipality (or the locality's name where there
 * is no municipality code, as in the US), street and number; '' when too vague to link.
 */
export function addressKey(recovery: Seizure['recovery']): string {
  const street = searchKey(recovery.street ?? '');
  const number = searchKey(recovery.extNumber ?? '');
  const place = recovery.municipality ?? searchKey(recovery.locality ?? '');
  if (street === '' || number === '' || place === '') return '';
  return [recovery.country ?? '', recovery.state ?? '', place, street, number, searchKey(recovery.intNumber ?? '')].join('|');
}

/** The detail of a person key that came from a trace result's purchaser, not a possessor. */
export const PURCHASER = 'purchaser';

const row = (kind: LinkReason, key: string, extra: Partial<LinkKey> = {}): LinkKey => ({ kind, key, num: null, firearmId: null, lat: null, lon: null, detail: null, ...extra });

/** The index rows of a seizure's latest revision (its own fields; trace results add theirs). */
export function seizureLinkKeys(body: Seizure): LinkKey[] {
  const keys: LinkKey[] = [];
  const seen = new Set<string>();
  const add = (key: LinkKey) => {
    const id = `${key.kind}|${key.key}|${key.num ?? ''}|${key.firearmId ?? ''}`;
    if (key.key === '' || seen.has(id)) return;
    keys.push(key);
    seen.add(id);
  };
  for (const possessor of body.possessors) {
    add(row('person', personKey(possessor, possessor.dateOfBirth)));
    // The document's type is all the link shows: the number stays in the record.
    const document = idDocumentKey(possessor.idType, possessor.idNumber);
    if (document) add(row('person', `doc|${document}`, { detail: possessor.idType ?? null }));
  }
  for (const firearm of body.firearms) {
    const model = searchKey(firearm.model ?? '');
    const series = seriesKey(makerKey(firearm.manufacturer), model, firearm.serialNumber);
    const parts = serialParts(firearm.serialNumber);
    if (series && parts) add(row('serial', series, { num: parts.number, firearmId: firearm.id, detail: `${firearm.model ?? ''}`.slice(0, 80) }));
  }
  add(row('case', caseNumberKey(body.agency.caseNumber)));
  add(row('address', addressKey(body.recovery)));
  const geo = body.recovery.geo;
  if (geo && body.recovery.occurredAt) {
    const { row: r, col } = placeCell(geo.lat, geo.lon);
    add(row('place', cellKey(r, col), { num: dayNumber(body.recovery.occurredAt), lat: geo.lat, lon: geo.lon }));
  }
  return keys;
}

/**
 * A trace result's keys: the dealer's, with the days from purchase to recovery when known, and
 * the purchaser's as a person (the same key as a possessor's, so a straw buyer found in
 * possession elsewhere links too), marked as the purchaser.
 */
export function traceLinkKeys(status: TraceStatus, recoveredAt: string | undefined): LinkKey[] {
  const result = status.status === 'traced' ? status.result : undefined;
  if (!result) return [];
  const keys: LinkKey[] = [];
  if (result.dealerFfl) {
    const days = result.timeToCrimeDays ?? (result.purchaseDate && recoveredAt ? dayNumber(recoveredAt) - dayNumber(result.purchaseDate) : null);
    keys.push(row('dealer', result.dealerFfl, { num: days ?? null, firearmId: status.firearmId, detail: result.dealerFfl }));
  }
  const purchaser = result.purchaserFound
    ? personKey({ firstName: result.purchaserFirstName, lastName: result.purchaserLastName, secondLastName: result.purchaserSecondLastName }, result.purchaserDateOfBirth)
    : '';
  if (purchaser) keys.push(row('person', purchaser, { firearmId: status.firearmId, detail: PURCHASER }));
  return keys;
}
