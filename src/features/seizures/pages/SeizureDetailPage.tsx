/**
 * One saved seizure as it is stored on the device: what was seized, where, what a trace still
 * needs, and what the checks still say about it.
 */
import { CaseNumber } from '../../../components/CaseNumber';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { SeizureLoading, SeizureNotFound } from '../components/SeizureMissing';
import { IssueMessages } from '../../../components/IssueMessages';
import { agencyNameOf } from '../../../domain/agencies';
import { checkSeizure } from '../../../domain/checks';
import type { Firearm, Seizure } from '../../../domain/schema';
import { findCaliber } from '../../../domain/vocab/calibers';
import { findCountry } from '../../../domain/vocab/countries';
import { findCrimeCode } from '../../../domain/vocab/crimes';
import { findMaker } from '../../../domain/vocab/makers';
import { findMxState } from '../../../domain/vocab/mexico';
import { findUsState } from '../../../domain/vocab/us-states';
import { formatDateTime, formatNumber, formatOccurredAt } from '../../../i18n';
import { useFlash } from '../../../lib/flash';
import { useLanguage } from '../../../lib/use-language';
import { seizures, traceStatuses } from '../../../storage';
import { mayRecordTrace } from '../trace-status/may-record';
import { TraceStatusPanel } from '../trace-status/TraceStatusPanel';
import { currentSession } from '../../../sync';
import { fieldLabel, type Translate } from '../components/issue-field-label';
import { RecordHistory } from '../components/RecordHistory';
import { SharePanel } from '../components/SharePanel';
import { StatusBadges } from '../components/StatusBadges';
import { TraceChecklist } from '../components/TraceChecklist';
import { BagCodeLabel } from '../evidence/BagCodeLabel';
import { ClockSkewNote } from '../components/ClockSkewNote';
import { positionText } from '../components/position-text';
import { hasPosition, useGeoLocator } from '../hooks/use-geo-locator';
import { mexicanStateOf, useMunicipalities } from '../hooks/use-municipalities';
import { FirearmPhotos } from '../photos/FirearmPhotos';
import { useSharedPhotos } from '../photos/use-shared-photos';

function Row({ label, value }: { label: string; value: string | number | undefined }) {
  if (value === undefined || value === '') return null;
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function SeizureDetailPage({ id }: { id: string }) {
  const { t } = useTranslation(['seizure', 'vocab']);
  const { t: tc } = useTranslation();
  const { t: ts } = useTranslation('seizure');
  const { t: tl } = useTranslation('location');
  const { t: tp } = useTranslation('photos');
  const lang = useLanguage();
  const flash = useFlash();
  const row = useLiveQuery(() => seizures.get(id), [id], null);
  // The server decides who may read history; this only spares officers a button that always fails.
  const session = useLiveQuery(() => currentSession(), []);
  const role = session?.user.role;
  const traces = useLiveQuery(async () => new Map((await traceStatuses.forRecord(id)).map((trace) => [trace.firearmId, trace])), [id]);
  const municipalities = useMunicipalities(mexicanStateOf(row?.record.recovery));
  const geo = useGeoLocator(row?.record.recovery.country === 'MX' && hasPosition(row.record.recovery.geo));
  const issues = useMemo(() => (row ? checkSeizure(row.record, { now: new Date(), municipalities, geo }) : []), [row, municipalities, geo]);
  const sharedPhotos = useSharedPhotos(id, row?.sharedBy !== undefined);

  if (row === null) return <SeizureLoading />;
  if (row === undefined) return <SeizureNotFound />;
  const record: Seizure = row.record;
  const r = record.recovery;
  const state = r.country === 'MX' ? findMxState(r.state)?.name : r.country === 'US' ? findUsState(r.state)?.name[lang] : r.state;
  const recordIssues = issues.filter((i) => !i.path.startsWith('firearms.'));

  return (
    <article className="detail-page">
      {flash && (
        <div className="banner banner-success" role="status">
          <p>{t(flash === 'savedReady' ? 'detail.savedReady' : 'detail.savedDraft')}</p>
        </div>
      )}
      <h1>{record.agency.caseNumber ? <CaseNumber value={record.agency.caseNumber} /> : tc('list.noCaseNumber')}</h1>
      <StatusBadges row={row} />
      <ClockSkewNote skew={record.clockSkew} />
      {row.sharedBy !== undefined && (
        <div className="banner banner-info" role="note">
          <p>{t('sharedRecord.readOnly', { agency: agencyNameOf(row.sharedBy, lang) })}</p>
        </div>
      )}
      {row.syncState === 'rejected' && (
        <section className="banner banner-error" aria-labelledby="rejected-title">
          <h2 id="rejected-title">{t('detail.rejectedTitle')}</h2>
          <IssueMessages id="sync-errors" issues={row.syncErrors ?? []} fieldOf={(issue) => (issue.path ? fieldLabel(issue.path, t as unknown as Translate) : '')} />
          <p>{t('detail.rejectedHint')}</p>
        </section>
      )}
      {row.syncState === 'conflict' && (
        <section className="banner banner-warning" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{t('detail.conflictTitle')}</h2>
          <p>{t('detail.conflictHint')}</p>
          <Link href={`/seizures/${record.id}/conflict`} className="button primary">
            {t('detail.compare')}
          </Link>
        </section>
      )}
      <dl className="detail-list">
        <Row label={t('field.agencyCode')} value={agencyNameOf(record.agency.code, lang)} />
        <Row
          label={t('detail.officer')}
          value={[record.agency.officer.firstName, record.agency.officer.lastName, record.agency.officer.secondLastName].filter(Boolean).join(' ')}
        />
        <Row label={t('field.badge')} value={record.agency.officer.badge} />
        <Row label={t('field.officerPhone')} value={record.agency.officer.phone} />
        <Row label={t('field.officerEmail')} value={record.agency.officer.email} />
        <Row label={t('field.ori')} value={record.agency.ori} />
        <Row label={t('field.priority')} value={record.agency.priority ? t(`vocab:priority.${record.agency.priority}`) : undefined} />
        <Row label={t('field.urgentReason')} value={record.agency.urgentReason} />
        <Row label={t('field.occurredAt')} value={formatOccurredAt(r.occurredAt, lang)} />
        <Row label={t('field.country')} value={findCountry(r.country)?.name[lang] ?? r.country} />
        <Row label={t('field.state')} value={state} />
        <Row label={t('field.municipality')} value={r.municipality ? (municipalities?.find(r.municipality)?.name ?? r.municipality) : undefined} />
        <Row label={t('field.locality')} value={r.locality} />
        <Row label={t('field.street')} value={[r.street, r.extNumber, r.intNumber].filter(Boolean).join(' ')} />
        <Row label={t('field.postalCode')} value={r.postalCode} />
        <Row label={t('field.geo')} value={positionText(r, ts, tl, lang)} />
        <Row label={t('field.circumstance')} value={r.circumstance ? t(`vocab:circumstance.${r.circumstance}`) : undefined} />
        <Row label={t('field.crimeCode')} value={r.crimeCode ? (findCrimeCode(r.crimeCode)?.label[lang] ?? r.crimeCode) : undefined} />
        <Row label={t('detail.createdAt')} value={formatDateTime(record.createdAt, lang)} />
        <Row label={t('detail.updatedAt')} value={formatDateTime(record.updatedAt, lang)} />
      </dl>
      {recordIssues.length > 0 && <IssueMessages id="record-issues" issues={recordIssues} fieldOf={(issue) => fieldLabel(issue.path, t as unknown as Translate)} />}

      <h2>{t('section.firearms')}</h2>
      {sharedPhotos === 'loading' && <p role="status">{tp('shared.loading')}</p>}
      {sharedPhotos === 'offline' && <p className="hint">{tp('shared.offline')}</p>}
      {record.firearms.map((firearm, index) => (
        <FirearmDetail key={firearm.id} firearm={firearm} caseNumber={record.agency.caseNumber} index={index} issues={issues.filter((i) => i.path.startsWith(`firearms.${index}.`))}>
          <TraceStatusPanel record={record} firearmId={firearm.id} row={traces?.get(firearm.id)} mayRecord={mayRecordTrace(session)} shared={row.sharedBy !== undefined} />
          <FirearmPhotos recordId={record.id} firearm={firearm} readOnly={row.sharedBy !== undefined} />
        </FirearmDetail>
      ))}

      {(record.ammunition.length > 0 || record.magazines.length > 0 || record.possessors.length > 0) && (
        <>
          <h2>{t('section.otherItems')}</h2>
          <ul className="plain-list">
            {record.ammunition.map((a, i) => (
              <li key={`a${i}`}>
                {[a.kind && t(`vocab:ammunitionKind.${a.kind}`), findCaliber(a.caliber)?.label[lang] ?? a.caliber, a.quantity !== undefined && formatNumber(a.quantity, lang)]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
            {record.magazines.map((m, i) => (
              <li key={`m${i}`}>{t('detail.magazineLine', { quantity: m.quantity ?? 1, capacity: m.capacity ?? '—' })}</li>
            ))}
            {record.possessors.map((p, i) => (
              <li key={`p${i}`}>
                {[p.role && t(`vocab:possessorRole.${p.role}`), [p.firstName, p.lastName, p.secondLastName].filter(Boolean).join(' '), p.alias && `“${p.alias}”`, p.idNumber && `${p.idType ? t(`vocab:idType.${p.idType}`) : ''} ${p.idNumber}`.trim()]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {record.notes && (
        <>
          <h2>{t('section.notes')}</h2>
          <p className="notes">{record.notes}</p>
        </>
      )}
      {(role === 'supervisor' || role === 'admin') && row.sharedBy === undefined && <RecordHistory recordId={record.id} firearms={record.firearms} />}
      {/* Only a seizure the server has can be shared; one shared with us is not ours to share. */}
      {(role === 'supervisor' || role === 'admin') && row.sharedBy === undefined && row.serverRevision !== undefined && <SharePanel record={record} />}
      {/* The supervisor's link view reads the server's index: only a seizure the server has is in it. */}
      {(role === 'supervisor' || role === 'admin') && row.serverRevision !== undefined && (
        <p>
          <Link href={`/supervisor/links/seizures/${record.id}`} className="button secondary">
            {t('detail.links')}
          </Link>
        </p>
      )}
      <p>
        <Link href={`/seizures/${record.id}/trace-request`} className="button secondary">
          {t('traceRequest.open')}
        </Link>
      </p>
      <div className="action-bar">
        <Link href="/" className="button secondary">
          {t('detail.backToList')}
        </Link>
        {row.sharedBy === undefined && (
          <Link href={`/seizures/${record.id}/edit`} className="button primary">
            {t('detail.edit')}
          </Link>
        )}
      </div>
    </article>
  );
}

function FirearmDetail({
  firearm,
  caseNumber,
  index,
  issues,
  children,
}: {
  firearm: Firearm;
  caseNumber: string | undefined;
  index: number;
  issues: ReturnType<typeof checkSeizure>;
  children?: ReactNode;
}) {
  const { t } = useTranslation(['seizure', 'vocab']);
  const lang = useLanguage();
  return (
    <section className="firearm-card" aria-label={t('form.firearmHeading', { item: firearm.itemNumber })}>
      <h3>{t('form.firearmHeading', { item: firearm.itemNumber })}</h3>
      <BagCodeLabel code={firearm.bagCode} itemNumber={firearm.itemNumber} caseNumber={caseNumber} />
      <dl className="detail-list">
        <Row label={t('field.type')} value={firearm.type ? t(`vocab:firearmType.${firearm.type}`) : undefined} />
        <Row label={t('field.manufacturer')} value={findMaker(firearm.manufacturer)?.label[lang] ?? firearm.manufacturer} />
        <Row label={t('field.model')} value={firearm.model} />
        <Row label={t('field.caliber')} value={findCaliber(firearm.caliber)?.label[lang] ?? firearm.caliber} />
        <Row label={t('field.serialNumber')} value={firearm.serialNumber} />
        <Row label={t('field.serialStatus')} value={firearm.serialStatus ? t(`vocab:serialStatus.${firearm.serialStatus}`) : undefined} />
        <Row label={t('field.serialLocation')} value={firearm.serialLocation ? t(`vocab:serialLocation.${firearm.serialLocation}`) : undefined} />
        <Row label={t('field.countryOfOrigin')} value={findCountry(firearm.countryOfOrigin)?.name[lang] ?? firearm.countryOfOrigin} />
        <Row label={t('field.importer')} value={findMaker(firearm.importer)?.label[lang] ?? firearm.importer} />
        <Row label={t('field.action')} value={firearm.action ? t(`vocab:action.${firearm.action}`) : undefined} />
        <Row label={t('field.privatelyMade')} value={firearm.privatelyMade ? t('detail.yes') : undefined} />
        <Row label={t('field.convertedToAutomatic')} value={firearm.convertedToAutomatic ? t('detail.yes') : undefined} />
        <Row label={t('field.evidenceNumber')} value={firearm.evidenceNumber} />
        <Row label={t('field.barrelLengthMm')} value={firearm.barrelLengthMm !== undefined ? formatNumber(firearm.barrelLengthMm, lang) : undefined} />
        <Row label={t('field.firearmNotes')} value={firearm.notes} />
      </dl>
      {issues.length > 0 && <IssueMessages id={`firearm-${index}-issues`} issues={issues} fieldOf={(issue) => fieldLabel(issue.path, t as unknown as Translate)} />}
      <TraceChecklist firearm={firearm} index={index} issues={issues} />
      {children}
    </section>
  );
}
