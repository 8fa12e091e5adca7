/**
 * The agency's devices as each last reported at the end of a sync: the officer, when, and what
 * it still holds unsent and for how long, longest first, so a supervisor can call the officer
 * whose phone has held records for days.
 */
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../i18n';
import { useLanguage } from '../../lib/use-language';
import { ServerLoading, ServerProblem } from './ServerProblem';
import { useServerRead } from './server-read';
import { loadDevices } from './supervisor-api';

export function DevicesScreen() {
  const { t } = useTranslation('supervisor');
  const lang = useLanguage();
  const { state, reload } = useServerRead(loadDevices, 'devices');
  const age = (hours: number) => (hours >= 48 ? t('devices.days', { count: Math.floor(hours / 24) }) : t('devices.hours', { count: hours }));
  return (
    <>
      <p className="hint">{t('devices.hint')}</p>
      {state.kind === 'loading' && <ServerLoading />}
      {state.kind === 'failed' && <ServerProblem failure={state.failure} onRetry={reload} />}
      {state.kind === 'done' && state.value.length === 0 && <p>{t('devices.none')}</p>}
      {state.kind === 'done' && state.value.length > 0 && (
        <div className="table-scroll">
          <table className="supervisor-table">
            <caption>{t('devices.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('devices.officer')}</th>
                <th scope="col">{t('devices.device')}</th>
                <th scope="col">{t('devices.lastSync')}</th>
                <th scope="col">{t('devices.oldest')}</th>
                <th scope="col">{t('devices.pending')}</th>
              </tr>
            </thead>
            <tbody>
              {state.value.map((device) => (
                <tr key={`${device.deviceId}|${device.officer.id}`}>
                  <th scope="row">{device.officer.username}</th>
                  <td>{device.deviceId.slice(0, 8)}</td>
                  <td>{formatDateTime(device.lastSyncAt, lang)}</td>
                  <td>{device.oldestPendingHours === null ? t('devices.nothingPending') : age(device.oldestPendingHours)}</td>
                  <td className="number">{formatNumber(device.pending, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
