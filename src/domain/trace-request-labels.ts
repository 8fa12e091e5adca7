/**
 * The words of Form 3312.1 and 3312.1(S), fixed here rather than in the app's string bundles: the
 * request is a form with labels of its own (the NTC reads the English ones, so a Spanish request
 * prints both), and the PDF and the print view must say exactly the same. Labels follow the
 * Spanish form and the notes' field table (docs/trace-request.md); `ref` is the item on the form.
 */
import type { LocalizedName } from './vocab/types';

export const TRACE_SECTIONS = ['request', 'agency', 'recovery', 'firearm', 'possessors'] as const;
export type TraceSection = (typeof TRACE_SECTIONS)[number];

export const SECTION_TITLES: Readonly<Record<TraceSection, LocalizedName>> = {
  request: { en: 'Request', es: 'Solicitud' },
  agency: { en: 'Requesting agency', es: 'Dependencia solicitante' },
  recovery: { en: 'Recovery information', es: 'Datos del aseguramiento' },
  firearm: { en: 'Firearm information', es: 'Datos del arma de fuego' },
  possessors: { en: 'Possessor and associates', es: 'Poseedor y acompañantes' },
};

export interface LineLabel {
  label: LocalizedName;
  /** The item on Form 3312.1, where the notes name one. */
  ref?: string;
  /** Starred on the form: a blank one must be added before the request is sent. */
  starred?: boolean;
}

export const LINE_LABELS = {
  priority: { label: { en: 'Priority', es: 'Prioridad' }, ref: '1b', starred: true },
  urgentReason: { label: { en: 'Reason for urgent request', es: 'Motivo de la urgencia' }, ref: '1b' },
  crimeCode: { label: { en: 'NCIC crime code', es: 'Delito (código NCIC)' }, ref: '2a', starred: true },
  agency: { label: { en: 'Requesting agency', es: 'Dependencia o corporación' }, starred: true },
  ori: { label: { en: 'ORI number', es: 'Identificador de la dependencia (ORI)' }, ref: '4a', starred: true },
  caseNumber: { label: { en: 'Agency case number', es: 'Carpeta de investigación o número de caso' }, ref: '4e' },
  officer: { label: { en: 'Officer name', es: 'Nombre del elemento' }, ref: '4c' },
  badge: { label: { en: 'Badge number', es: 'Número de placa o gafete' }, ref: '4d' },
  phone: { label: { en: 'Phone', es: 'Teléfono' }, ref: '4b' },
  email: { label: { en: 'E-mail', es: 'Correo electrónico' }, ref: '4b' },
  occurredAt: { label: { en: 'Recovery date and time', es: 'Fecha y hora del aseguramiento' }, starred: true },
  country: { label: { en: 'Country of recovery', es: 'País' }, starred: true },
  state: { label: { en: 'State', es: 'Entidad federativa' }, starred: true },
  municipality: { label: { en: 'Municipality / county', es: 'Municipio o alcaldía' } },
  locality: { label: { en: 'Locality / neighborhood', es: 'Localidad o colonia' } },
  street: { label: { en: 'Street and number', es: 'Calle y número' } },
  postalCode: { label: { en: 'ZIP / postal code', es: 'Código postal' } },
  geo: { label: { en: 'GPS position', es: 'Coordenadas' } },
  circumstance: { label: { en: 'How recovered', es: 'Circunstancia del aseguramiento' } },
  itemNumber: { label: { en: 'Item / evidence number', es: 'Número de indicio' } },
  serialNumber: { label: { en: 'Serial number (frame or receiver)', es: 'Número de serie (del armazón o cajón de mecanismos)' }, ref: '5a', starred: true },
  serialStatus: { label: { en: 'Serial number status / obliterated', es: 'Estado del número de serie (¿limado o borrado?)' }, ref: '5b', starred: true },
  serialLocation: { label: { en: 'Where the serial was read', es: 'Dónde se leyó la matrícula' } },
  noneMarkedReason: { label: { en: 'Why no serial is marked', es: 'Motivo de que no tenga matrícula' } },
  manufacturer: { label: { en: 'Manufacturer', es: 'Marca o fabricante' }, ref: '5c', starred: true },
  type: { label: { en: 'Type of firearm', es: 'Tipo de arma' }, ref: '5d', starred: true },
  caliber: { label: { en: 'Caliber / gauge', es: 'Calibre' }, ref: '5e', starred: true },
  model: { label: { en: 'Model', es: 'Modelo' }, ref: '5f', starred: true },
  countryOfOrigin: { label: { en: 'Country of manufacture', es: 'País de fabricación' }, ref: '5g', starred: true },
  importer: { label: { en: 'Importer', es: 'Importador' }, ref: '5h', starred: true },
  otherMarkings: { label: { en: 'Additional markings', es: 'Otras marcas y números' }, ref: '5i' },
  action: { label: { en: 'Action', es: 'Sistema de funcionamiento' } },
  barrelLength: { label: { en: 'Barrel length', es: 'Longitud del cañón' } },
  privatelyMade: { label: { en: 'Privately made firearm', es: 'Arma hechiza (fabricación casera)' } },
  convertedToAutomatic: { label: { en: 'Converted to automatic', es: 'Modificada para disparar en ráfaga' } },
  firearmNotes: { label: { en: 'Other markings and notes', es: 'Otras marcas y observaciones' } },
  possessorRole: { label: { en: 'Possessor or associate', es: 'Calidad' } },
  possessorName: { label: { en: 'Name (last, second last, first)', es: 'Nombre (apellido paterno, materno, nombre)' }, ref: '6a' },
  alias: { label: { en: 'Alias', es: 'Alias o sobrenombre' }, ref: '6b' },
  dateOfBirth: { label: { en: 'Date of birth', es: 'Fecha de nacimiento' } },
} as const satisfies Record<string, LineLabel>;

export type TraceLineKey = keyof typeof LINE_LABELS;

/** What a request says where the record has nothing: never a silent blank. */
export const PHRASES = {
  addBeforeSubmitting: { en: 'add before submitting', es: 'agregar antes de enviar' },
  notRecorded: { en: 'not recorded', es: 'no se registró' },
  importerNotNeeded: { en: 'not needed: made in the United States', es: 'no se requiere: fabricada en Estados Unidos' },
  serialNotLegible: { en: 'none legible: see the serial number status', es: 'ninguno legible: vea el estado del número de serie' },
  noPossessor: { en: 'none recorded', es: 'no se registró ninguno' },
  yes: { en: 'Yes', es: 'Sí' },
  no: { en: 'No', es: 'No' },
  obliterated: { en: 'obliterated: Yes', es: 'limado o borrado: Sí' },
  notObliterated: { en: 'obliterated: No', es: 'limado o borrado: No' },
  ncic: { en: 'NCIC', es: 'NCIC' },
  typedBeforeList: { en: 'as typed, not a listed code', es: 'como se capturó, no es un código de la lista' },
  accuracy: { en: 'accuracy', es: 'precisión' },
  title: { en: 'National Tracing Center Trace Request (ATF F 3312.1)', es: 'Solicitud de Rastreo del Centro Nacional de Rastreo (ATF F 3312.1(S))' },
  notTraceReady: { en: 'Not trace-ready', es: 'No está listo para rastreo' },
  item: { en: 'Item', es: 'Indicio' },
  caseNumber: { en: 'Case', es: 'Carpeta' },
  possessor: { en: 'Person', es: 'Persona' },
} as const satisfies Record<string, LocalizedName>;
