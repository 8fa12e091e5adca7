/**
 * Errors the API answers with: a status and a code (never a sentence), as docs/sync-protocol.md
 * asks, so the app can show them in the officer's language.
 */
export const ERROR_CODES = {
  requestInvalid: 'request.invalid',
  requestTooLarge: 'request.tooLarge',
  headersTooLarge: 'request.headersTooLarge',
  requestTimeout: 'request.timeout',
  rateLimited: 'request.rateLimited',
  unsupportedMediaType: 'request.unsupportedMediaType',
  authRequired: 'auth.required',
  invalidCredentials: 'auth.invalidCredentials',
  locked: 'auth.locked',
  otpRequired: 'auth.otpRequired',
  otpInvalid: 'auth.otpInvalid',
  otpEnrollmentRequired: 'auth.otpEnrollmentRequired',
  forbidden: 'auth.forbidden',
  notFound: 'notFound',
  shareNotAllowed: 'share.notAllowed',
  shareUnknownAgency: 'share.unknownAgency',
  searchRangeReversed: 'search.rangeReversed',
  searchSerialHasNoKey: 'search.serialHasNoKey',
  searchCaseHasNoKey: 'search.caseHasNoKey',
  photoBadMetadata: 'photo.badMetadata',
  photoTooLarge: 'photo.tooLarge',
  photoUnknownRecord: 'photo.unknownRecord',
  photoForbidden: 'photo.forbidden',
  photoAlreadyStored: 'photo.alreadyStored',
  photoIdReused: 'photo.idReused',
  photoHashMismatch: 'photo.hashMismatch',
  photoNotFound: 'photo.notFound',
  unavailable: 'service.unavailable',
  internal: 'server.internal',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

export const invalidRequest = (): ApiError => new ApiError(400, ERROR_CODES.requestInvalid);
export const authRequired = (): ApiError => new ApiError(401, ERROR_CODES.authRequired);
