/**
 * Search and duplicate keys derived from a record. They let the device find a seizure by serial
 * or case number through an index instead of reading every record, and they are the only
 * values the storage layer indexes (so they can later be replaced by keyed hashes).
 */
import type { Seizure } from './schema';
import { normalizeSerial, serialMatchKey } from './serial-key';
import { findMaker } from './vocab/makers';
import { searchKey } from './vocab/normalize';

export const caseNumberKey = (caseNumber: string | undefined): string =>
  (caseNumber ?? '').normalize('NFKC').toUpperCase().replace(/\s+/g, '');

export const serialKey = (serial: string | undefined): string => serialMatchKey(normalizeSerial(serial));

export const makerKey = (manufacturer: string | undefined): string =>
  findMaker(manufacturer)?.code ?? searchKey(manufacturer ?? '').toUpperCase();

/** "MAKER|SERIALKEY": the natural key of a gun, used only to warn about double entry. */
export const makerSerialKey = (manufacturer: string | undefined, serial: string | undefined): string =>
  `${makerKey(manufacturer)}|${serialKey(serial)}`;

/**
 * A firearm's bag code as a value of the serial index (serialKeys): the device finds a record by
 * its code through the index it already has instead of opening every record. The lower-case
 * prefix keeps it apart from serials: serialKey() gives capitals only, so no serial and no
 * serial search ever meets it.
 */
export const bagCodeKey = (code: string): string => `bag:${code}`;

export interface SeizureKeys {
  caseKey: string;
  serialKeys: string[];
  makerSerialKeys: string[];
}

export function seizureKeys(record: Seizure): SeizureKeys {
  const withSerial = record.firearms.filter((f) => serialKey(f.serialNumber) !== '');
  return {
    caseKey: caseNumberKey(record.agency.caseNumber),
    serialKeys: [
      ...new Set(withSerial.map((f) => serialKey(f.serialNumber))),
      ...record.firearms.flatMap((f) => (f.bagCode === undefined ? [] : [bagCodeKey(f.bagCode)])),
    ],
    makerSerialKeys: [...new Set(withSerial.map((f) => makerSerialKey(f.manufacturer, f.serialNumber)))],
  };
}
