/**
 * The shape of a seizure record (fields and labels: docs/domain-rules.md#field-labels), declared
 * once as zod schemas: types come from z.infer, the form resolver, the check before a Dexie write
 * and the server's route validation all use these.
 *
 * The shape is deliberately permissive about *missing* values: saving never fails for missing or
 * wrong data, a record with hard errors is kept as a draft. What a trace needs is judged by the
 * rule checks (checks.ts), which speak in issue codes. The shape is strict about *form*: unknown
 * fields, wrong types and oversized text are refused, so nothing malformed is ever stored.
 */
import { z } from 'zod/mini';
import { FIREARM_ACTIONS, FIREARM_TYPES } from './vocab/firearm';
import { isBagCode } from './bag-code';
import { ID_DOCUMENT_TYPES } from './identity-document';
import { NONE_MARKED_REASONS, SERIAL_LOCATIONS, SERIAL_MAX_LENGTH, SERIAL_STATUSES } from './serial';
import { textUpTo } from './text';

export const LANGUAGES = ['en', 'es'] as const;
export const SEIZURE_STATUSES = ['draft', 'ready'] as const;
export const CIRCUMSTANCES = [
  'search_warrant', 'checkpoint', 'port_of_entry', 'traffic_stop', 'in_flagrante', 'armed_confrontation',
  'found', 'voluntary_surrender', 'other',
] as const;
/** Form 3312.1 item 1b: an urgent request needs its reason (X-H6, docs/domain-rules.md#x-h6). */
export const PRIORITIES = ['routine', 'urgent'] as const;
export const POSSESSOR_ROLES = ['possessor', 'associate', 'owner'] as const;
export const AMMUNITION_KINDS = ['cartridge', 'fired_case', 'projectile'] as const;
export const LIMITS = { short: 80, text: 200, notes: 2000, firearms: 200, rows: 500 } as const;

// zod/mini rather than classic zod: the same checks and issue codes, a third of the weight on a
// phone (docs/performance.md). Its functional form is the price.
// Every text field refuses what cannot be stored or hashed as sent (text.ts); only notes are free text.
const upTo = (length: number) => textUpTo(length);
const notesText = z.optional(textUpTo(LIMITS.notes, 'multiline'));
const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const wholeBetween = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
const listOf = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
const shortText = upTo(LIMITS.short);
const text = upTo(LIMITS.text);
const optionalShort = z.optional(shortText);
const optionalText = z.optional(text);
const isoDateTime = z.iso.datetime({ offset: true });
const countryCode = z.string().check(z.regex(/^[A-Z]{2}$/));
const itemNumber = wholeBetween(1, 9999);

export const OfficerSchema = z.strictObject({
  firstName: optionalShort,
  lastName: optionalShort,
  secondLastName: optionalShort,
  badge: optionalShort,
  // The NTC calls or writes back to the requesting officer (Form 3312.1 item 4b); formats: checks.ts.
  phone: z.optional(upTo(30)),
  email: optionalText,
});

/** A case number (carpeta de investigación) as typed; the server checks a share's by the same rule. */
export const CaseNumberSchema = upTo(40);

export const AgencySchema = z.strictObject({
  code: optionalShort,
  ori: optionalShort,
  caseNumber: z.optional(CaseNumberSchema),
  // The request's priority travels with the requesting agency's part of the record: one per seizure.
  priority: z.optional(z.enum(PRIORITIES)),
  urgentReason: optionalText,
  officer: z._default(OfficerSchema, {}),
});

// ---- location (issue 17): the fix's time, and why there is none (docs/location.md) ----
/** Why a record has no position: the device found none (indoors, no signal) or the officer's browser refused. */
export const GEO_MISSING_REASONS = ['no_fix', 'denied'] as const;

export const GeoSchema = z.strictObject({
  lat: between(-90, 90),
  lon: between(-180, 180),
  accuracyM: z.optional(between(0, 100_000)),
  /** When the device took the fix (the position's own timestamp, not when it was saved). */
  fixedAt: z.optional(isoDateTime),
});

export const RecoverySchema = z.strictObject({
  occurredAt: z.optional(isoDateTime),
  timeZone: optionalShort,
  country: z.optional(countryCode),
  state: z.optional(upTo(3)),
  municipality: z.optional(z.string().check(z.regex(/^\d{5}$/))),
  locality: optionalText,
  street: optionalText,
  extNumber: optionalShort,
  intNumber: optionalShort,
  postalCode: z.optional(upTo(10)),
  geo: z.optional(GeoSchema),
  geoMissing: z.optional(z.enum(GEO_MISSING_REASONS)),
  circumstance: z.optional(z.enum(CIRCUMSTANCES)),
  // A code of vocab/crimes.ts; still text, so values typed before the catalogue stay readable.
  crimeCode: optionalShort,
});

export const MarkingSchema = z.strictObject({ text, location: optionalShort });

export const FirearmSchema = z.strictObject({
  id: z.uuid(),
  itemNumber,
  // The evidence-bag code (bag-code.ts). Optional: records saved before codes existed get one at their next save.
  bagCode: z.optional(z.string().check(z.refine(isBagCode))),
  // The agency's own evidence tag or property number, as printed on its label (often scanned).
  evidenceNumber: optionalShort,
  type: z.optional(z.enum(FIREARM_TYPES)),
  action: z.optional(z.enum(FIREARM_ACTIONS)),
  manufacturer: optionalText,
  importer: optionalText,
  model: optionalText,
  caliber: optionalShort,
  // Raw, exactly as typed; long enough to hold (and reject) a description typed by mistake.
  serialNumber: z.optional(upTo(SERIAL_MAX_LENGTH * 4)),
  serialStatus: z.optional(z.enum(SERIAL_STATUSES)),
  serialLocation: z.optional(z.enum(SERIAL_LOCATIONS)),
  noneMarkedReason: z.optional(z.enum(NONE_MARKED_REASONS)),
  countryOfOrigin: z.optional(countryCode),
  privatelyMade: z.optional(z.boolean()),
  convertedToAutomatic: z.optional(z.boolean()),
  barrelLengthMm: z.optional(z.number().check(z.positive(), z.lte(3000))),
  otherMarkings: z.optional(listOf(MarkingSchema, 50)),
  photos: z.optional(listOf(z.uuid(), 100)),
  notes: notesText,
});

export const AmmunitionSchema = z.strictObject({
  kind: z.optional(z.enum(AMMUNITION_KINDS)),
  caliber: optionalShort,
  quantity: z.optional(wholeBetween(1, 10_000_000)),
  headstamp: optionalShort,
  linkedItem: z.optional(itemNumber),
});

export const MagazineSchema = z.strictObject({
  quantity: z.optional(wholeBetween(1, 100_000)),
  capacity: z.optional(wholeBetween(1, 150)),
  caliber: optionalShort,
  manufacturer: optionalText,
  linkedItem: z.optional(itemNumber),
});

export const PossessorSchema = z.strictObject({
  role: z.optional(z.enum(POSSESSOR_ROLES)),
  firstName: optionalShort,
  lastName: optionalShort,
  secondLastName: optionalShort,
  alias: optionalShort,
  dateOfBirth: z.optional(z.iso.date()),
  // Identity document (identity-document.ts): the CURP, INE voter key, passport or licence number.
  idType: z.optional(z.enum(ID_DOCUMENT_TYPES)),
  idNumber: optionalShort,
});

export const SeizureSchema = z.strictObject({
  id: z.uuid(),
  revision: z.optional(z.int().check(z.gte(1))),
  status: z.enum(SEIZURE_STATUSES),
  entryLanguage: z.enum(LANGUAGES),
  vocabularyVersion: shortText,
  // Defaults stand in for the empty objects that dropBlanks() removes.
  agency: z._default(AgencySchema, { officer: {} }),
  recovery: z._default(RecoverySchema, {}),
  firearms: z.array(FirearmSchema).check(z.minLength(1), z.maxLength(LIMITS.firearms)),
  ammunition: listOf(AmmunitionSchema, LIMITS.rows),
  magazines: listOf(MagazineSchema, LIMITS.rows),
  possessors: listOf(PossessorSchema, LIMITS.rows),
  notes: notesText,
  /** Warnings the officer looked at and confirmed, as warningKey() strings. */
  confirmedWarnings: listOf(upTo(120), LIMITS.rows),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  createdBy: optionalShort,
  deviceId: shortText,
  /**
   * Set by the device on a save made while its clock was known to be over 5 minutes off the
   * server's (domain/clock-skew.ts): the times entered and stamped may be off by about this much.
   */
  clockSkew: z.optional(
    z.strictObject({
      minutes: z.int().check(z.gte(-5_256_000), z.lte(5_256_000)),
      detectedAt: isoDateTime,
      // `server`: measured by the server when the record arrived (the device had not found it yet).
      measuredBy: z.optional(z.enum(['device', 'server'])),
    }),
  ),
});

export type Seizure = z.infer<typeof SeizureSchema>;
export type Firearm = z.infer<typeof FirearmSchema>;
export type Recovery = z.infer<typeof RecoverySchema>;
export type Agency = z.infer<typeof AgencySchema>;
export type Ammunition = z.infer<typeof AmmunitionSchema>;
export type Magazine = z.infer<typeof MagazineSchema>;
export type Possessor = z.infer<typeof PossessorSchema>;
export type SeizureStatus = (typeof SEIZURE_STATUSES)[number];
export type Language = (typeof LANGUAGES)[number];
export type Circumstance = (typeof CIRCUMSTANCES)[number];
export type Priority = (typeof PRIORITIES)[number];
