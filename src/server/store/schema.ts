/**
 * The server's tables, as Kysely sees them. Columns are plain text and integers in both
 * dialects (ids are UUID text, times are ISO 8601 UTC text, record bodies are JSON text), so
 * every query is the same SQL on SQLite and PostgreSQL; only the type of the autoincrement
 * column `revisions.seq` differs (see migrations.ts). PostgreSQL's bigint is read back as a
 * number (database.ts), so rows look the same from both.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export const ROLES = ['officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AgenciesTable {
  code: string;
  name: string;
  country: string;
  created_at: string;
  /** 1 when the agency lets officers record a firearm's trace status themselves (migration 0009). */
  officers_record_trace: Generated<number>;
  /** Who the other agency of a deconfliction alert should call (migration 0011); null until set. */
  deconfliction_contact: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  agency_code: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the bearer token (hex): a stolen database holds no usable token. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The sign-in this access token belongs to; null for sessions made before migration 0003. */
  family_id: string | null;
}

/** One sign-in: its access and refresh tokens live and die together. */
export interface SessionFamiliesTable {
  id: string;
  user_id: string;
  device_id: string | null;
  created_at: string;
  /** Absolute end of the sign-in: refreshing never moves it (re-authentication every 12 h). */
  expires_at: string;
  revoked_at: string | null;
  /** logout, admin, disabled, refresh-reuse */
  revoked_reason: string | null;
}

/** Refresh tokens (SHA-256 only), a chain per family: each refresh rotates to a child. */
export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  parent_hash: string | null;
  /** The access token issued together with this refresh token, so both can be revoked together. */
  access_token_hash: string;
  created_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

/** Every revision ever stored, append-only: the evidence history. */
export interface RevisionsTable {
  /** The global, strictly increasing sequence that orders pulls. */
  seq: Generated<number>;
  record_id: string;
  revision: number;
  agency_code: string;
  /** The idempotency key of the push that produced this revision (kept forever). */
  mutation_id: string;
  body: string;
  author_user_id: string;
  device_id: string;
  received_at: string;
}

/** The latest revision of each record: what pulls read. */
export interface RecordsTable {
  record_id: string;
  agency_code: string;
  revision: number;
  body: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_seq: number;
  /** domain/keys.ts caseNumberKey of the body's case number; null when it has none. */
  case_key: string | null;
}

/** Every trace status change ever stored, append-only (store/trace-repository.ts). */
export interface TraceRevisionsTable {
  /** From the revisions' own sequence (store/sequence.ts): records and statuses pull in one order. */
  seq: number;
  firearm_id: string;
  record_id: string;
  revision: number;
  agency_code: string;
  mutation_id: string;
  body: string;
  author_user_id: string;
  device_id: string;
  received_at: string;
}

/** The latest trace status of each firearm: what pulls read. */
export interface TraceStatusesTable {
  firearm_id: string;
  record_id: string;
  /** The record's owner: only it records statuses; agencies it shares with read them. */
  agency_code: string;
  revision: number;
  /** The state alone (not_requested, requested…), for the supervisor's counts without parsing bodies. */
  status: string;
  body: string;
  updated_by: string;
  updated_at: string;
  last_seq: number;
}

/** One row per firearm of each record's latest revision (store/firearm-rows.ts). */
export interface FirearmsTable {
  firearm_id: string;
  record_id: string;
  agency_code: string;
  item_number: number;
  /** domain/keys.ts serialKey: '' when the firearm has no serial. */
  serial_key: string;
  /** domain/keys.ts makerKey: the catalogue code, or the typed name's search key. */
  maker_key: string;
  /** domain/keys.ts caseNumberKey: '' without a case number. */
  case_key: string;
  /** The recovery's calendar date at the scene (YYYY-MM-DD), null when not recorded. */
  recovered_on: string | null;
  state: string | null;
  municipality: string | null;
  record_status: string;
  /** 1 when every identifier a trace needs is present and valid (domain/readiness.ts). */
  trace_ready: number;
  /** The sequence number of the record's latest revision: newest first in searches. */
  last_seq: number;
}

/** What a firearm's trace still lacks (domain/readiness.ts): one row per field missing or invalid. */
/** One evidence-bag code of a record's latest revision (migration 0016); unique per agency. */
export interface BagCodesTable {
  agency_code: string;
  bag_code: string;
  record_id: string;
  firearm_id: string;
}

/** A photo whose upload finished with the bytes its device hashed (migration 0017). */
export interface PhotosTable {
  photo_id: string;
  record_id: string;
  firearm_id: string | null;
  agency_code: string;
  shot: string;
  sha256: string;
  size: number;
  content_type: string;
  /** Where the bytes are in the photo store (the tus upload id). */
  storage_key: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface FirearmGapsTable {
  record_id: string;
  firearm_id: string;
  agency_code: string;
  recovered_on: string | null;
  /** missing | invalid */
  kind: string;
  /** The trace field (serialNumber, manufacturer, importer, model, caliber, type, countryOfOrigin). */
  item: string;
}

/**
 * The link index (store/link-keys.ts, migration 0014, docs/links.md "Indexes"): one row per key a
 * record's latest revision (source `record`) or one of its firearms' trace results (source
 * `trace`) is linked by.
 */
export interface LinkKeysTable {
  record_id: string;
  agency_code: string;
  source: string;
  firearm_id: string | null;
  /** domain/links LinkReason */
  kind: string;
  key: string;
  /** The serial's number, the place's day number, or the time to crime in days. */
  num: number | null;
  lat: number | null;
  lon: number | null;
  recovered_on: string | null;
  detail: string | null;
}

/** Two records holding the same gun (store/deconfliction-repository.ts); `a` was stored first. */
export interface DeconflictionAlertsTable {
  id: string;
  /** The two records' firearm keys in order: one alert per pair, whichever arrived first. */
  pair_key: string;
  /** other_agency: two agencies hold it; same_agency: one agency recorded it twice. */
  kind: string;
  maker_key: string;
  serial_key: string;
  record_a: string;
  firearm_a: string;
  agency_a: string;
  record_b: string;
  firearm_b: string;
  agency_b: string;
  created_at: string;
}

/** One involved agency's view of an alert: when its supervisors first saw it, and its acknowledgement. */
export interface DeconflictionViewsTable {
  alert_id: string;
  agency_code: string;
  created_at: string;
  seen_at: string | null;
  seen_by: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
}

/** A device's last report of itself, per officer signed in on it (migration 0012). */
export interface DevicesTable {
  device_id: string;
  user_id: string;
  agency_code: string;
  /** When the server received the report (its own clock, not the phone's). */
  last_sync_at: string;
  pending_count: number;
  /** When the oldest record still unsent was saved, as the device says; null with nothing pending. */
  oldest_pending_at: string | null;
}

/** A share granted by one agency to another: one record, or every record of one of its cases. */
export interface SharesTable {
  id: string;
  record_id: string | null;
  /** The case number as the supervisor typed it, and its key (exactly one of record_id / case_key is set). */
  case_number: string | null;
  case_key: string | null;
  from_agency: string;
  to_agency: string;
  granted_by: string;
  granted_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** Which records another agency sees through shares, and since which point of the pull sequence. */
export interface SharedRecordsTable {
  to_agency: string;
  record_id: string;
  /** 1 while some share covers the record; 0 after the last one ended (pull sends a tombstone). */
  active: number;
  /** The sequence number at which this row last changed. */
  seq: number;
}

/** Consecutive failed sign-ins per username and the lock they caused (CJIS AC-7). */
export interface LoginFailuresTable {
  username: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** The hash-chained, append-only audit trail (store/audit-repository.ts, audit/chain.ts). */
export interface AuditLogTable {
  /** 1, 2, 3… without gaps, assigned under the write lock. */
  seq: number;
  at: string;
  actor_user_id: string | null;
  agency_code: string | null;
  device_id: string | null;
  action: string;
  /** The record id for record.* actions. */
  subject: string | null;
  /** Canonical JSON; never possessor data (changed field paths, not values). */
  details: string;
  prev_hash: string;
  hash: string;
}

/** A user's enrolled TOTP secret (RFC 6238); never shown again after enrolment. */
/**
 * One random 256-bit key per account (base64), handed to the officer's devices at each sign-in:
 * it wraps the device's own secret, so a forgotten PIN is recoverable online (docs/security.md,
 * "Keys on the device"). Made at the first sign-in, never changed, never in any other answer.
 */
export interface AccountKeysTable {
  user_id: string;
  key: string;
  created_at: string;
}

export interface UserTotpTable {
  user_id: string;
  /** Base32, as authenticator apps take it. */
  secret: string;
  enabled_at: string;
  /** The time step (Unix time / 30 s) of the last accepted code; a code of this step or earlier is refused. */
  last_used_step: number | null;
}

/** An agency's MFA policy: each row is a role that must sign in with TOTP in that agency. */
export interface AgencyOtpRolesTable {
  agency_code: string;
  role: Role;
  set_at: string;
}

/** Requests per client address and route in a fixed window (per-address limits on sign-in and refresh). */
export interface RateLimitsTable {
  key: string;
  hits: number;
  /** Epoch milliseconds; PostgreSQL returns a bigint as text, so read it through Number(). */
  window_ends_at: number | string;
}

export interface Database {
  agencies: AgenciesTable;
  users: UsersTable;
  sessions: SessionsTable;
  session_families: SessionFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  revisions: RevisionsTable;
  records: RecordsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  shares: SharesTable;
  shared_records: SharedRecordsTable;
  user_totp: UserTotpTable;
  account_keys: AccountKeysTable;
  agency_otp_roles: AgencyOtpRolesTable;
  rate_limits: RateLimitsTable;
  trace_revisions: TraceRevisionsTable;
  trace_statuses: TraceStatusesTable;
  firearms: FirearmsTable;
  firearm_gaps: FirearmGapsTable;
  bag_codes: BagCodesTable;
  deconfliction_alerts: DeconflictionAlertsTable;
  deconfliction_views: DeconflictionViewsTable;
  devices: DevicesTable;
  link_keys: LinkKeysTable;
  photos: PhotosTable;
}

export type AgencyRow = Selectable<AgenciesTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type RecordRow = Selectable<RecordsTable>;
export type RevisionRow = Selectable<RevisionsTable>;
export type ShareRow = Selectable<SharesTable>;
