/**
 * A link view once the server answered: the start seizure, its export, the graph and the list of
 * links by reason. Tapping a seizure in the graph (or its button in the list) asks the server for
 * that seizure's own links with the same filters and adds them, up to two steps from the start.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { agencyNameOf } from '../../../domain';
import { useLanguage } from '../../../lib/use-language';
import { calendarDate, stateName } from '../labels';
import { ServerProblem } from '../ServerProblem';
import { failureOf, type Failure } from '../server-read';
import { graphElements } from './graph-elements';
import { graphLabels, seizureLine } from './link-labels';
import { canExpand, groupsOf, mergeView, startState, type LinkState } from './link-state';
import { LinkExport } from './LinkExport';
import { LinkGraphPanel } from './LinkGraphPanel';
import type { GraphHandle } from './LinkGraph';
import { LinkGroups } from './LinkGroups';
import { loadLinkView, type LinkFilters, type LinkSubject, type LinkView } from './links-api';

export function LinkExplorer({ view, subject, filters }: { view: LinkView; subject: LinkSubject; filters: LinkFilters }) {
  const { t } = useTranslation('supervisor');
  const lang = useLanguage();
  const [state, setState] = useState<LinkState>(() => startState(view));
  const [expanding, setExpanding] = useState<string | undefined>();
  const [problem, setProblem] = useState<Failure | undefined>();
  const graph = useRef<GraphHandle | undefined>(undefined);
  const start = view.seizure;

  const expandable = useCallback((recordId: string) => canExpand(state, recordId) && recordId !== state.start, [state]);
  const expand = useCallback(
    async (recordId: string) => {
      if (!expandable(recordId) || expanding) return;
      setExpanding(recordId);
      setProblem(undefined);
      try {
        const more = await loadLinkView({ kind: 'seizures', id: recordId }, filters);
        setState((current) => mergeView(current, more));
      } catch (error) {
        setProblem(failureOf(error));
      } finally {
        setExpanding(undefined);
      }
    },
    [expandable, expanding, filters],
  );

  const elements = useMemo(() => graphElements(state, graphLabels(t, lang, state.start), expandable), [state, t, lang, expandable]);
  const onReady = useCallback((handle: GraphHandle | undefined) => void (graph.current = handle), []);
  const expandedOthers = [...state.expanded].filter((id) => id !== state.start);

  return (
    <>
      <p className="link-subject">
        <strong>{seizureLine(t, lang, start)}</strong>
        {start.shortTimeToCrime && <span className="badge badge-short">{t('links.shortTimeToCrimeBadge')}</span>}{' '}
        <Link href={`/seizures/${start.recordId}`}>{t('links.openSeizure')}</Link>
      </p>
      <p className="hint">{subject.kind === 'firearms' ? t('links.firearmIntro') : t('links.intro')}</p>
      <LinkExport subject={subject} recordId={start.recordId} filters={filters} expanded={expandedOthers.length > 0} graph={graph} />
      <LinkGraphPanel elements={elements} links={state.edges.length} onTapSeizure={(id) => void expand(id)} onReady={onReady} />
      {problem && <ServerProblem failure={problem} />}
      <section aria-labelledby="link-groups-title">
        <h2 id="link-groups-title">{t('links.startLinks')}</h2>
        <LinkGroups groups={groupsOf(state, state.start)} canExpand={expandable} expanding={expanding} onExpand={(id) => void expand(id)} />
      </section>
      {expandedOthers.map((id) => {
        const seizure = state.seizures.get(id);
        if (!seizure) return null;
        const headingId = `links-of-${id}`;
        return (
          <section key={id} aria-labelledby={headingId}>
            <h2 id={headingId}>{t('links.linksOf', { what: seizureLine(t, lang, seizure) })}</h2>
            <LinkGroups groups={groupsOf(state, id)} canExpand={expandable} expanding={expanding} onExpand={(other) => void expand(other)} />
          </section>
        );
      })}
      {view.pointers.length > 0 && (
        <section aria-labelledby="link-pointers-title">
          <h2 id="link-pointers-title">{t('links.pointersTitle')}</h2>
          <p className="hint">{t('links.pointersHint')}</p>
          <ul>
            {view.pointers.map((pointer, index) => (
              <li key={index}>
                {t('links.pointer', {
                  agency: agencyNameOf(pointer.agency, lang),
                  date: calendarDate(pointer.recoveredOn, lang) ?? t('links.unknownDate'),
                  state: stateName(pointer.state, lang) ?? t('links.unknownState'),
                  reason: t(`links.reason.${pointer.reason}`),
                  strength: t(`links.strength.${pointer.strength}`),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
