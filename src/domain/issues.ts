/**
 * Every check in the domain speaks in codes with parameters, never sentences: the app turns a
 * code into words in the officer's language, the server returns the same code in its error
 * bodies. ISSUE_CODES is the single list both languages must cover (a test enforces it).
 */
export type Severity = 'error' | 'warning';

export interface Issue {
  /** Dot path of the field, as react-hook-form names it: "firearms.0.serialNumber". */
  path: string;
  code: IssueCode;
  severity: Severity;
  params?: Record<string, string | number>;
}

export const ISSUE_CODES = [
  // serial number (rule ids S-H*, W*: docs/domain-rules.md)
  'serial.required',
  'serial.placeholder',
  'serial.noDigit',
  'serial.invalidCharacter',
  'serial.tooLong',
  'serial.notChecked',
  'serial.unexpectedForStatus',
  'serial.ambiguousCharacters',
  'serial.embeddedLetters',
  'serial.unusualLength',
  'serial.trivialPattern',
  'serial.fflPrefix',
  'serial.looksLikeModelOrCaliber',
  'serial.notFromFrame',
  'serial.noneMarkedReason',
  'serial.possibleAssemblyNumber',
  'serial.duplicateInSeizure',
  'serial.sameSerialOtherMaker',
  'serial.duplicateOnDevice',
  // firearm cross-field rules (X-*: docs/domain-rules.md#cross-field-errors)
  'firearm.importerRequired',
  'firearm.manufacturerIsImporter',
  'firearm.caliberTypeMismatch',
  'firearm.modelIsManufacturerOrCaliber',
  'firearm.unknownValue',
  'firearm.unknownCountry',
  'firearm.duplicateItemNumber',
  'firearm.bagCodeTaken',
  // recovery (where and when)
  'recovery.inFuture',
  'recovery.lateEntry',
  'recovery.invalidDate',
  'recovery.municipalityOutsideState',
  'recovery.unknownMunicipality',
  'recovery.geoOutsideState',
  'recovery.unknownState',
  'recovery.unknownCountry',
  'recovery.unusualCountry',
  'recovery.postalCodeFormat',
  'recovery.crimeCodeNotInList',
  // agency / case
  'agency.unknownAgency',
  'agency.caseNumberPlaceholder',
  'agency.oriFormat',
  'agency.urgentReasonRequired',
  'agency.phoneFormat',
  'agency.emailFormat',
  // possessors, ammunition, magazines
  'possessor.unusualAge',
  'possessor.birthInFuture',
  'possessor.idTypeMissing',
  'possessor.curpFormat',
  'possessor.curpCheckDigit',
  'possessor.curpBirthDateMismatch',
  'possessor.ineFormat',
  'item.linkedItemMissing',
  'ammunition.unusualQuantity',
  // sync: the server's answers about a record that are not rule checks (docs/sync-protocol.md)
  'sync.recordIdMismatch',
  'sync.unknownRecord',
  'sync.forbidden',
  'sync.readOnly',
  'sync.mutationReused',
  'sync.requestRefused',
  // generic, from the shape of the record
  'text.invalidCharacter',
  'required',
  'invalid',
  'tooLong',
  'outOfRange',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export const hasErrors = (issues: readonly Issue[]): boolean =>
  issues.some((issue) => issue.severity === 'error');

/**
 * A warning is confirmed per field and code: the officer looked and says it is right. The key is
 * stored on the record so the confirmation survives reloads and reaches the server.
 */
export const warningKey = (issue: Pick<Issue, 'path' | 'code'>): string => `${issue.path}|${issue.code}`;

export const issuesAt = (issues: readonly Issue[], path: string): Issue[] =>
  issues.filter((issue) => issue.path === path);
