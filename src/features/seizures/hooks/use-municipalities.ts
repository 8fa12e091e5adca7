import { useEffect, useState } from 'react';
import type { MunicipalityCatalogue } from '../../../domain';

let loaded: Promise<MunicipalityCatalogue> | undefined;

/**
 * The catalogue of 2,478 municipalities is loaded only when a form needs it, so it stays out of
 * the first screen's download; the service worker precaches it for offline use.
 */
export function useMunicipalities(): MunicipalityCatalogue | undefined {
  const [catalogue, setCatalogue] = useState<MunicipalityCatalogue>();
  useEffect(() => {
    let live = true;
    loaded ??= import('../../../domain/vocab/municipalities').then((m) => m.municipalityCatalogue);
    void loaded.then((c) => live && setCatalogue(c));
    return () => {
      live = false;
    };
  }, []);
  return catalogue;
}
