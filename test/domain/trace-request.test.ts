/**
 * buildTraceRequest: a seizure's firearm as Form 3312.1 lays it out (docs/trace-request.md).
 * Every field of a full sample seizure must come out under its form label, in both languages,
 * and a blank field must say what the request still needs instead of staying blank.
 */
import { checkSymbol } from '../../src/domain/bag-code';
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { buildTraceRequest, type TraceRequest, type Words } from '../../src/domain/trace-request';
import enVocab from '../../src/i18n/locales/en/vocab';
import esVocab from '../../src/i18n/locales/es/vocab';
import { CHECK_CTX, IDS, draftSeizure, validSpanishSeizure } from './fixtures';

const wordsOf = (vocab: Record<string, Record<string, string>>): Words => (list, code) => {
  const word = vocab[list]?.[code];
  if (word === undefined) throw new Error(`no word for ${list}.${code}`);
  return word;
};
const WORDS = { en: wordsOf(enVocab), es: wordsOf(esVocab) };
const request = (record: Seizure, index: number, lang: 'en' | 'es'): TraceRequest =>
  buildTraceRequest(record, index, { ...CHECK_CTX, lang, words: WORDS[lang] });

/** The Sonora seizure with every field the request prints filled in. */
function fullSample(): Seizure {
  const base = validSpanishSeizure();
  const [rifle, colt] = base.firearms;
  if (!rifle || !colt) throw new Error('validSpanishSeizure() has two firearms');
  return {
    ...base,
    agency: {
      ...base.agency,
      ori: 'MXFGR0001',
      priority: 'urgent',
      urgentReason: 'Detenido en flagrancia, plazo de 48 horas',
      officer: { ...base.agency.officer, phone: '+52 662 123 4567', email: 'mg.perez@fgr.org.mx' },
    },
    recovery: { ...base.recovery, intNumber: '4B', geo: { lat: 29.0729, lon: -110.9559, accuracyM: 8 }, crimeCode: 'MX_PORTACION_EXCLUSIVO' },
    firearms: [
      {
        ...rifle,
        barrelLengthMm: 415,
        privatelyMade: false,
        convertedToAutomatic: true,
        otherMarkings: [{ text: 'CAI ST ALB VT', location: 'receiver' }],
        notes: 'Culata plegable',
      },
      colt,
    ],
  };
}

/** label → value, each line of the request as the officer's language prints it. */
function linesOf(req: TraceRequest): [string, string][] {
  return req.sections.flatMap((s) => s.groups.flatMap((g) => g.lines.map((l): [string, string] => [l.label[req.lang], l.value])));
}

const SPANISH: [string, string][] = [
  ['Prioridad', 'Urgente'],
  ['Motivo de la urgencia', 'Detenido en flagrancia, plazo de 48 horas'],
  ['Delito (código NCIC)', '5299 – Portación de arma de uso exclusivo del Ejército, Armada y Fuerza Aérea'],
  ['Dependencia o corporación', 'Fiscalía General de la República (FGR)'],
  ['Identificador de la dependencia (ORI)', 'MXFGR0001'],
  ['Carpeta de investigación o número de caso', 'FED/SON/HMO/0001234/2026'],
  ['Nombre del elemento', 'Pérez Núñez, María Guadalupe'],
  ['Número de placa o gafete', 'AFI-2231'],
  ['Teléfono', '+52 662 123 4567'],
  ['Correo electrónico', 'mg.perez@fgr.org.mx'],
  ['Fecha y hora del aseguramiento', '28/11/2026 03:30 (UTC-07:00, America/Hermosillo)'],
  ['País', 'México'],
  ['Entidad federativa', 'Sonora (26)'],
  ['Municipio o alcaldía', 'Hermosillo (26030)'],
  ['Localidad o colonia', 'Col. Centro'],
  ['Calle y número', 'Blvd. Luis Encinas S/N int. 4B'],
  ['Código postal', '83000'],
  ['Coordenadas', '29.0729, -110.9559 (precisión 8 m)'],
  ['Circunstancia del aseguramiento', 'Revisión en punto de control'],
  ['Número de indicio', '1'],
  ['Número de serie (del armazón o cajón de mecanismos)', 'AH7439-97'],
  ['Estado del número de serie (¿limado o borrado?)', 'Legible; limado o borrado: No'],
  ['Dónde se leyó la matrícula', 'Cajón de mecanismos'],
  ['Marca o fabricante', 'Romarm (Cugir)'],
  ['Modelo', 'WASR-10'],
  ['Calibre', '7.62×39 mm'],
  ['Tipo de arma', 'Rifle'],
  ['Sistema de funcionamiento', 'Semiautomático'],
  ['País de fabricación', 'Rumania'],
  ['Importador', 'Century International Arms'],
  ['Otras marcas y números', 'CAI ST ALB VT (receiver)'],
  ['Longitud del cañón', '415 mm'],
  ['Arma hechiza (fabricación casera)', 'No'],
  ['Modificada para disparar en ráfaga', 'Sí'],
  ['Otras marcas y observaciones', 'Culata plegable'],
  ['Calidad', 'Poseedor (probable responsable)'],
  ['Nombre (apellido paterno, materno, nombre)', 'Ramírez Quintero, José Luis'],
  ['Alias o sobrenombre', 'El Güero'],
  ['Fecha de nacimiento', '02/03/1995'],
];

const ENGLISH: [string, string][] = [
  ['Priority', 'Urgent'],
  ['Reason for urgent request', 'Detenido en flagrancia, plazo de 48 horas'],
  ['NCIC crime code', '5299 – Carrying a firearm reserved to the armed forces (LFAFE)'],
  ['Requesting agency', 'Office of the Attorney General of Mexico (FGR)'],
  ['ORI number', 'MXFGR0001'],
  ['Agency case number', 'FED/SON/HMO/0001234/2026'],
  ['Officer name', 'Pérez Núñez, María Guadalupe'],
  ['Badge number', 'AFI-2231'],
  ['Phone', '+52 662 123 4567'],
  ['E-mail', 'mg.perez@fgr.org.mx'],
  ['Recovery date and time', '11/28/2026 03:30 (UTC-07:00, America/Hermosillo)'],
  ['Country of recovery', 'Mexico'],
  ['State', 'Sonora (26)'],
  ['Municipality / county', 'Hermosillo (26030)'],
  ['Locality / neighborhood', 'Col. Centro'],
  ['Street and number', 'Blvd. Luis Encinas S/N int. 4B'],
  ['ZIP / postal code', '83000'],
  ['GPS position', '29.0729, -110.9559 (accuracy 8 m)'],
  ['How recovered', 'Checkpoint'],
  ['Item / evidence number', '1'],
  ['Serial number (frame or receiver)', 'AH7439-97'],
  ['Serial number status / obliterated', 'Legible; obliterated: No'],
  ['Where the serial was read', 'Receiver'],
  ['Manufacturer', 'Romarm (Cugir)'],
  ['Model', 'WASR-10'],
  ['Caliber / gauge', '7.62×39 mm'],
  ['Type of firearm', 'Rifle'],
  ['Action', 'Semi-automatic'],
  ['Country of manufacture', 'Romania'],
  ['Importer', 'Century International Arms'],
  ['Additional markings', 'CAI ST ALB VT (receiver)'],
  ['Barrel length', '415 mm'],
  ['Privately made firearm', 'No'],
  ['Converted to automatic', 'Yes'],
  ['Other markings and notes', 'Culata plegable'],
  ['Possessor or associate', 'Possessor'],
  ['Name (last, second last, first)', 'Ramírez Quintero, José Luis'],
  ['Alias', 'El Güero'],
  ['Date of birth', '03/02/1995'],
];

describe('the 3312.1 mapping of a full sample seizure', () => {
  it.each([
    ['es', SPANISH],
    ['en', ENGLISH],
  ] as const)('in %s, every field appears under its form label, in the form order', (lang, expected) => {
    expect(linesOf(request(fullSample(), 0, lang))).toEqual(expected);
  });

  it('a Spanish request carries the English label beside each Spanish one, for the NTC', () => {
    const req = request(fullSample(), 0, 'es');
    const labels = req.sections.flatMap((s) => s.groups.flatMap((g) => g.lines.map((l) => l.label)));
    expect(labels.map((l) => l.en)).toEqual(ENGLISH.map(([label]) => label));
  });

  it('is trace-ready, with nothing to add, and names the seizure and the item', () => {
    const req = request(fullSample(), 0, 'es');
    expect([req.traceReady, req.problems, req.toAdd, req.caseNumber, req.itemNumber, req.firearmId]).toEqual([true, [], [], 'FED/SON/HMO/0001234/2026', 1, IDS.firearm1]);
  });

  it("carries the firearm's bag code to its page, and none for a firearm saved before codes", () => {
    const sample = fullSample();
    const coded = { ...sample, firearms: sample.firearms.map((f, i) => (i === 0 ? { ...f, bagCode: '00000000' + checkSymbol('00000000') } : f)) };
    expect(request(coded, 0, 'en').bagCode).toBe('000000000');
    expect(request(coded, 1, 'en')).not.toHaveProperty('bagCode');
  });

  it("one request per firearm: the second is the Colt, with the same seizure's parts", () => {
    const [first, second] = [request(fullSample(), 0, 'en'), request(fullSample(), 1, 'en')];
    const value = (req: TraceRequest, label: string) => linesOf(req).find(([l]) => l === label)?.[1];
    expect([value(second, 'Serial number (frame or receiver)'), value(second, 'Manufacturer'), value(second, 'Item / evidence number')]).toEqual(['KR47391', 'Colt', '2']);
    expect(value(second, 'Importer')).toBe('not needed: made in the United States');
    expect(first.sections.slice(0, 3)).toEqual(second.sections.slice(0, 3));
  });
});

describe('blank fields say what the request still needs', () => {
  it('starred ones: add before submitting; others: not recorded', () => {
    const base = validSpanishSeizure();
    const req = request({ ...base, agency: { ...base.agency, officer: { ...base.agency.officer, badge: undefined } } }, 0, 'en');
    const lines = new Map(linesOf(req));
    expect([lines.get('NCIC crime code'), lines.get('Priority'), lines.get('ORI number'), lines.get('Badge number')]).toEqual([
      'add before submitting',
      'add before submitting',
      'add before submitting',
      'not recorded',
    ]);
    expect(req.toAdd.map((l) => l.key)).toEqual(['priority', 'crimeCode', 'ori']);
  });

  it('in Spanish too', () => {
    const lines = new Map(linesOf(request(validSpanishSeizure(), 0, 'es')));
    expect([lines.get('Delito (código NCIC)'), lines.get('Teléfono')]).toEqual(['agregar antes de enviar', 'no se registró']);
  });

  it('an obliterated serial and no possessor say so', () => {
    const base = validSpanishSeizure();
    const [rifle] = base.firearms;
    const record = { ...base, possessors: [], firearms: [{ ...rifle!, serialNumber: undefined, serialStatus: 'obliterated' as const }] };
    const lines = new Map(linesOf(request(record, 0, 'es')));
    expect(lines.get('Número de serie (del armazón o cajón de mecanismos)')).toBe('ninguno legible: vea el estado del número de serie');
    expect(lines.get('Estado del número de serie (¿limado o borrado?)')).toBe('Limado, borrado o alterado; limado o borrado: Sí');
    expect(lines.get('Nombre (apellido paterno, materno, nombre)')).toBe('no se registró ninguno');
  });

  it('a crime typed before the list is printed as typed, marked as no listed code', () => {
    const base = validSpanishSeizure();
    const lines = new Map(linesOf(request({ ...base, recovery: { ...base.recovery, crimeCode: 'portación' } }, 0, 'es')));
    expect(lines.get('Delito (código NCIC)')).toBe('portación (como se capturó, no es un código de la lista)');
  });

  it('no line is ever empty', () => {
    const record = draftSeizure();
    for (const lang of ['en', 'es'] as const) expect(linesOf(request(record, 0, lang)).filter(([, value]) => value.trim() === '')).toEqual([]);
  });
});

describe('from a draft', () => {
  it('is not trace-ready, and says why', () => {
    const req = request(draftSeizure(), 0, 'en');
    expect(req.traceReady).toBe(false);
    expect(req.problems.map((p) => `${p.path} ${p.code}`)).toEqual(['agency.code required', 'agency.officer.lastName required', 'agency.officer.firstName required', 'recovery.occurredAt required', 'recovery.country required', 'recovery.state required']);
  });

  it('a ready record with an error on another firearm stays trace-ready for this one', () => {
    const base = validSpanishSeizure();
    const [rifle, colt] = base.firearms;
    const record = { ...base, firearms: [rifle!, { ...colt!, model: undefined }] };
    expect([request(record, 0, 'en').traceReady, request(record, 1, 'en').traceReady]).toEqual([true, false]);
  });
});
