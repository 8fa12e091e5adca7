/**
 * One seizure's firearm as ATF Form 3312.1 asks for it (docs/trace-request.md): the request, the
 * requesting agency, the recovery, the firearm and its possessors, each line under the form's
 * label in both languages and its value in the officer's. Pure: the print view, the PDF and the
 * tests read the same lines, so they can never say different things.
 *
 * A blank never stays blank: a starred field says it must be added before submitting, any other
 * that it was not recorded, so the NTC (and the officer) can tell "forgotten" from "nothing".
 */
import { agencyFullName, findAgency } from './agencies';
import { checkSeizure, type CheckContext } from './checks';
import { formatDateText, formatTimeText, localPartsOfIso } from './datetime';
import type { Issue } from './issues';
import type { Firearm, Language, Possessor, Seizure } from './schema';
import { LINE_LABELS, PHRASES, SECTION_TITLES, type TraceLineKey, type TraceSection } from './trace-request-labels';
import { findCaliber } from './vocab/calibers';
import { findCountry } from './vocab/countries';
import { findCrimeCode } from './vocab/crimes';
import { findMaker } from './vocab/makers';
import { findMxState } from './vocab/mexico';
import type { LocalizedName } from './vocab/types';
import { findUsState } from './vocab/us-states';

/** Lists whose words live in the app's vocabulary strings rather than in the domain. */
export type WordList = 'firearmType' | 'action' | 'serialStatus' | 'serialLocation' | 'noneMarkedReason' | 'circumstance' | 'possessorRole' | 'priority';
export type Words = (list: WordList, code: string) => string;

/** given: from the record; missing: blank, see `value`; none: nothing to record (a US gun's importer). */
export type TraceLineState = 'given' | 'missing' | 'none';

export interface TraceRequestLine {
  key: TraceLineKey;
  label: LocalizedName;
  ref?: string | undefined;
  starred: boolean;
  value: string;
  state: TraceLineState;
}

export interface TraceRequestSection {
  section: TraceSection;
  title: LocalizedName;
  /** Possessors: one group per person. */
  groups: { heading?: string; lines: TraceRequestLine[] }[];
}

export interface TraceRequest {
  lang: Language;
  firearmId: string;
  itemNumber: number;
  caseNumber: string | undefined;
  /** The firearm's evidence-bag code (bag-code.ts), on the page so the paper leads back to the bag. */
  bagCode?: string;
  sections: TraceRequestSection[];
  /** A "ready" record with no error on it or on this firearm: what the app calls trace-ready. */
  traceReady: boolean;
  /** The errors that keep it from being trace-ready, record-wide and this firearm's. */
  problems: Issue[];
  /** Starred lines still blank: to add before the request is sent, even from a ready record. */
  toAdd: TraceRequestLine[];
}

export interface TraceRequestContext extends CheckContext {
  lang: Language;
  words: Words;
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

function lineMaker(lang: Language) {
  return (key: TraceLineKey, value: string | undefined, blank?: LocalizedName): TraceRequestLine => {
    const meta: { label: LocalizedName; ref?: string; starred?: boolean } = LINE_LABELS[key];
    const starred = meta.starred ?? false;
    const base = { key, label: meta.label, ref: meta.ref, starred };
    if (present(value)) return { ...base, value: value.trim(), state: 'given' };
    if (blank) return { ...base, value: blank[lang], state: 'none' };
    return { ...base, value: (starred ? PHRASES.addBeforeSubmitting : PHRASES.notRecorded)[lang], state: 'missing' };
  };
}

/** "28/11/2026 03:30 (UTC-07:00, America/Hermosillo)": the scene's wall clock, never the reader's. */
function sceneTime(iso: string | undefined, timeZone: string | undefined, lang: Language): string | undefined {
  const parts = iso ? localPartsOfIso(iso) : undefined;
  if (!iso || !parts) return undefined;
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(iso)?.[1] ?? '';
  const zone = [offset === 'Z' ? 'UTC' : `UTC${offset}`, timeZone].filter(Boolean).join(', ');
  return `${formatDateText(parts, lang === 'es' ? 'dmy' : 'mdy')} ${formatTimeText(parts)} (${zone})`;
}

const joined = (...parts: (string | undefined)[]) => parts.filter(present).map((p) => p.trim()).join(' ');

/** "Pérez Núñez, María Guadalupe": the form asks for the surnames first. */
function lastNamesFirst(last: string | undefined, secondLast: string | undefined, first: string | undefined): string {
  const surnames = joined(last, secondLast);
  if (!present(first)) return surnames;
  return surnames ? `${surnames}, ${first.trim()}` : first.trim();
}

function requestLines(record: Seizure, lang: Language, words: Words): TraceRequestLine[] {
  const line = lineMaker(lang);
  const { priority, urgentReason } = record.agency;
  const crime = findCrimeCode(record.recovery.crimeCode);
  const crimeText = crime
    ? `${crime.ncic} – ${crime.label[lang]}`
    : present(record.recovery.crimeCode) ? `${record.recovery.crimeCode.trim()} (${PHRASES.typedBeforeList[lang]})` : undefined;
  const lines = [line('priority', priority && words('priority', priority)), line('crimeCode', crimeText)];
  // A reason left from an earlier "urgent" is not the request's any more.
  if (priority === 'urgent') lines.splice(1, 0, line('urgentReason', urgentReason));
  return lines;
}

function agencyLines(record: Seizure, lang: Language): TraceRequestLine[] {
  const line = lineMaker(lang);
  const { agency } = record;
  const known = findAgency(agency.code);
  const officer = agency.officer;
  return [
    line('agency', known ? agencyFullName(known, lang) : agency.code),
    line('ori', agency.ori?.trim().toUpperCase()),
    line('caseNumber', agency.caseNumber),
    line('officer', lastNamesFirst(officer.lastName, officer.secondLastName, officer.firstName)),
    line('badge', officer.badge),
    line('phone', officer.phone),
    line('email', officer.email),
  ];
}

function recoveryLines(record: Seizure, ctx: TraceRequestContext): TraceRequestLine[] {
  const { lang, words } = ctx;
  const line = lineMaker(lang);
  const r = record.recovery;
  const state = r.country === 'MX' ? findMxState(r.state)?.name : r.country === 'US' ? findUsState(r.state)?.name[lang] : undefined;
  // INEGI's name where the catalogue is loaded; the code alone says which municipio it is otherwise.
  const municipality = r.municipality ? (ctx.municipalities?.find(r.municipality)?.name ?? r.municipality) : undefined;
  const geo = r.geo && `${r.geo.lat}, ${r.geo.lon}${r.geo.accuracyM !== undefined ? ` (${PHRASES.accuracy[lang]} ${r.geo.accuracyM} m)` : ''}`;
  return [
    line('occurredAt', sceneTime(r.occurredAt, r.timeZone, lang)),
    line('country', r.country && (findCountry(r.country)?.name[lang] ?? r.country)),
    line('state', present(r.state) ? (state ? `${state} (${r.state})` : r.state) : undefined),
    line('municipality', municipality && municipality !== r.municipality ? `${municipality} (${r.municipality})` : municipality),
    line('locality', r.locality),
    line('street', joined(r.street, r.extNumber, present(r.intNumber) ? `int. ${r.intNumber.trim()}` : undefined)),
    line('postalCode', r.postalCode),
    line('geo', geo),
    line('circumstance', r.circumstance && words('circumstance', r.circumstance)),
  ];
}

const yesNo = (value: boolean | undefined, lang: Language) => (value === undefined ? undefined : (value ? PHRASES.yes : PHRASES.no)[lang]);

function firearmLines(f: Firearm, ctx: TraceRequestContext): TraceRequestLine[] {
  const { lang, words } = ctx;
  const line = lineMaker(lang);
  const noSerial = f.serialStatus === 'obliterated' || f.serialStatus === 'none_marked';
  const status = f.serialStatus && `${words('serialStatus', f.serialStatus)}; ${(f.serialStatus === 'obliterated' ? PHRASES.obliterated : PHRASES.notObliterated)[lang]}`;
  const importerNotNeeded = f.countryOfOrigin === 'US' ? PHRASES.importerNotNeeded : undefined;
  const markings = (f.otherMarkings ?? []).map((m) => (present(m.location) ? `${m.text} (${m.location.trim()})` : m.text)).join('; ');
  const lines = [
    line('itemNumber', String(f.itemNumber)),
    line('serialNumber', f.serialNumber, noSerial ? PHRASES.serialNotLegible : undefined),
    line('serialStatus', status),
    line('serialLocation', f.serialLocation && words('serialLocation', f.serialLocation)),
    line('manufacturer', f.manufacturer && (findMaker(f.manufacturer)?.label[lang] ?? f.manufacturer)),
    line('model', f.model),
    line('caliber', f.caliber && (findCaliber(f.caliber)?.label[lang] ?? f.caliber)),
    line('type', f.type && words('firearmType', f.type)),
    line('action', f.action && words('action', f.action)),
    line('countryOfOrigin', f.countryOfOrigin && (findCountry(f.countryOfOrigin)?.name[lang] ?? f.countryOfOrigin)),
    line('importer', f.importer && (findMaker(f.importer)?.label[lang] ?? f.importer), importerNotNeeded),
    line('otherMarkings', markings),
    line('barrelLength', f.barrelLengthMm !== undefined ? `${f.barrelLengthMm} mm` : undefined),
    line('privatelyMade', yesNo(f.privatelyMade, lang)),
    line('convertedToAutomatic', yesNo(f.convertedToAutomatic, lang)),
    line('firearmNotes', f.notes),
  ];
  if (f.serialStatus === 'none_marked') lines.splice(4, 0, line('noneMarkedReason', f.noneMarkedReason && words('noneMarkedReason', f.noneMarkedReason)));
  return lines;
}

function possessorLines(p: Possessor, ctx: TraceRequestContext): TraceRequestLine[] {
  const line = lineMaker(ctx.lang);
  const born = p.dateOfBirth ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.dateOfBirth) : null;
  const dob = born ? formatDateText({ year: Number(born[1]), month: Number(born[2]), day: Number(born[3]) }, ctx.lang === 'es' ? 'dmy' : 'mdy') : p.dateOfBirth;
  return [
    line('possessorRole', p.role && ctx.words('possessorRole', p.role)),
    line('possessorName', lastNamesFirst(p.lastName, p.secondLastName, p.firstName)),
    line('alias', p.alias),
    line('dateOfBirth', dob),
  ];
}

/** The request for the firearm at `index` of `record`. */
export function buildTraceRequest(record: Seizure, index: number, ctx: TraceRequestContext): TraceRequest {
  const firearm = record.firearms[index];
  if (!firearm) throw new RangeError(`no firearm at index ${index}`);
  const { lang } = ctx;
  const section = (name: TraceSection, groups: TraceRequestSection['groups']): TraceRequestSection => ({ section: name, title: SECTION_TITLES[name], groups });
  const possessors = record.possessors.length
    ? record.possessors.map((p, i) => ({ heading: `${PHRASES.possessor[lang]} ${i + 1}`, lines: possessorLines(p, ctx) }))
    : [{ lines: [lineMaker(lang)('possessorName', undefined, PHRASES.noPossessor)] }];
  const sections = [
    section('request', [{ lines: requestLines(record, lang, ctx.words) }]),
    section('agency', [{ lines: agencyLines(record, lang) }]),
    section('recovery', [{ lines: recoveryLines(record, ctx) }]),
    section('firearm', [{ lines: firearmLines(firearm, ctx) }]),
    section('possessors', possessors),
  ];
  const prefix = `firearms.${index}.`;
  const problems = checkSeizure(record, ctx).filter((i) => i.severity === 'error' && (!i.path.startsWith('firearms.') || i.path.startsWith(prefix)));
  const toAdd = sections.flatMap((s) => s.groups.flatMap((g) => g.lines)).filter((l) => l.starred && l.state === 'missing');
  return {
    lang,
    firearmId: firearm.id,
    itemNumber: firearm.itemNumber,
    caseNumber: record.agency.caseNumber?.trim() || undefined,
    ...(firearm.bagCode !== undefined && { bagCode: firearm.bagCode }),
    sections,
    traceReady: record.status === 'ready' && problems.length === 0,
    problems,
    toAdd,
  };
}
