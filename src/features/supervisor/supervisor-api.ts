/**
 * The supervisor's reads and the alert acknowledgement (docs/supervisor.md), straight to the
 * server: nothing here is kept on the device or queued, so each needs a connection. The answers
 * are read with the schemas below, which load with these screens only, never with an officer's.
 */
import { z } from 'zod/mini';
import type { FirearmSearchQuery } from '../../domain/firearm-search';
import { createSyncStore, db } from '../../storage';
import { ON_SCREEN_DEADLINE_MS, signedInTransport } from '../../sync/signed-in-transport';

const text = z.nullable(z.string());

const HitSchema = z.object({
  recordId: z.string(),
  firearmId: z.string(),
  itemNumber: z.number(),
  serialNumber: text,
  manufacturer: text,
  model: text,
  caliber: text,
  caseNumber: text,
  recoveredOn: text,
  state: text,
  municipality: text,
  recordStatus: text,
  traceStatus: text,
  agency: z.string(),
  shared: z.boolean(),
});
const SearchPageSchema = z.object({ hits: z.array(HitSchema), cursor: z.nullable(z.string()) });
export type FirearmHit = z.infer<typeof HitSchema>;
export type SearchPage = z.infer<typeof SearchPageSchema>;

const counts = z.record(z.string(), z.number());
const DashboardSchema = z.object({
  period: z.object({ from: z.optional(z.string()), to: z.optional(z.string()) }),
  firearms: z.object({ total: z.number(), traceReady: z.number(), recordsReady: z.number() }),
  trace: counts,
  notTracedReasons: counts,
  gaps: z.array(z.object({ field: z.string(), kind: z.string(), count: z.number() })),
  readyNotRequested: z.array(z.object({ recordId: z.string(), firearmId: z.string(), itemNumber: z.number(), recoveredOn: text, state: text })),
  daysToRequest: z.object({ count: z.number(), median: z.nullable(z.number()), p90: z.nullable(z.number()) }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

const DevicesSchema = z.object({
  devices: z.array(
    z.object({
      deviceId: z.string(),
      officer: z.object({ id: z.string(), username: z.string() }),
      lastSyncAt: z.string(),
      pending: z.number(),
      oldestPendingAt: text,
      oldestPendingHours: z.nullable(z.number()),
    }),
  ),
});
export type DeviceRow = z.infer<typeof DevicesSchema>['devices'][number];

const side = { recordId: z.optional(z.string()), firearmId: z.optional(z.string()), agency: z.string(), recoveredOn: text, state: text, recordStatus: text };
const AlertSchema = z.object({
  id: z.string(),
  kind: z.string(),
  createdAt: z.string(),
  seenAt: text,
  acknowledged: z.nullable(z.object({ at: z.string(), by: z.nullable(z.string()), note: text })),
  mine: z.object(side),
  other: z.object({ ...side, agencyName: z.string(), contact: text }),
});
const AlertsSchema = z.object({ alerts: z.array(AlertSchema), unacknowledged: z.number(), cursor: z.nullable(z.string()) });
export type Alert = z.infer<typeof AlertSchema>;
export type AlertsPage = z.infer<typeof AlertsSchema>;
const CountSchema = z.object({ unacknowledged: z.number() });
const AcknowledgedSchema = z.object({ id: z.string(), acknowledged: z.literal(true), already: z.boolean() });

const transport = () => signedInTransport(createSyncStore(db), location.origin, ON_SCREEN_DEADLINE_MS);
const query = (params: Record<string, string | number | undefined>) => {
  const defined = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)]))}` : '';
};

export type SearchTerms = Omit<FirearmSearchQuery, 'limit' | 'cursor'>;

export const searchFirearms = (terms: SearchTerms, cursor?: string): Promise<SearchPage> =>
  transport().call(`/supervisor/firearms${query({ ...terms, cursor })}`, SearchPageSchema);
export const loadDashboard = (period: { from?: string | undefined; to?: string | undefined }): Promise<Dashboard> =>
  transport().call(`/supervisor/dashboard${query(period)}`, DashboardSchema);
export const loadDevices = (): Promise<DeviceRow[]> => transport().call('/supervisor/devices', DevicesSchema).then((answer) => answer.devices);
export const listAlerts = (cursor?: string): Promise<AlertsPage> => transport().call(`/deconfliction/alerts${query({ cursor })}`, AlertsSchema);
export const countAlerts = (): Promise<number> => transport().call('/deconfliction/alerts/count', CountSchema).then((answer) => answer.unacknowledged);
export const acknowledgeAlert = (id: string, note: string) =>
  transport().call(`/deconfliction/alerts/${encodeURIComponent(id)}/acknowledge`, AcknowledgedSchema, note.trim() ? { note: note.trim() } : {});

/** The header's count and the alerts screen agree: the screen says when an acknowledgement changed it. */
export const ALERTS_CHANGED = 'traceready:alerts-changed';
