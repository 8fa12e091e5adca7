import { useEffect, useState } from 'react';
import type { MunicipalityCatalogue } from '../domain';

let loaded: Promise<MunicipalityCatalogue> | undefined;

/**
 * The catalogue of 2,478 municipalities (about 21 kB compressed) is loaded only once a record
 * says it was recovered in Mexico, the only country it is about, so it stays out of the first
 * screen's download and out of every other form's; the service worker precaches it for offline use.
 */
export function useMunicipalities(needed: boolean): MunicipalityCatalogue | undefined {
  const [catalogue, setCatalogue] = useState<MunicipalityCatalogue>();
  useEffect(() => {
    if (!needed) return;
    let live = true;
    loaded ??= import('../domain/vocab/municipalities').then((m) => m.municipalityCatalogue);
    void loaded.then((c) => live && setCatalogue(c));
    return () => {
      live = false;
    };
  }, [needed]);
  return needed ? catalogue : undefined;
}
