/**
 * Screens beyond the list load on demand, so the first screen stays light, each with the screens'
 * strings in the officer's language (fetched in parallel with its chunk, once).
 *
 * React keeps a lazy component's failed load for good, and renders again with the same one after
 * a failure: a new one is made only once the officer asks to try again (retryScreens). Making one
 * on every failure would make React's own re-render fetch again, and again, behind "Loading…".
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { loadScreenStrings } from '../i18n';

let tries = 0;

/** The officer asked to try again: screens whose load failed fetch afresh at their next render. */
export function retryScreens(): void {
  tries += 1;
}

/** A screen loaded on demand; `preload` fetches it (and the screens' strings) ahead of its first render. */
export type LazyScreen<P extends object> = ComponentType<P> & { preload(): void };

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let current: { tries: number; failed: boolean; Lazy: LazyExoticComponent<ComponentType<P>> } | undefined;
  // Started by preload: the first render takes this load instead of starting its own.
  let ahead: Promise<ComponentType<P>> | undefined;
  const make = () => {
    const made = {
      tries,
      failed: false,
      Lazy: lazy(async () => {
        const loading = ahead ?? load();
        ahead = undefined;
        try {
          const [component] = await Promise.all([loading, loadScreenStrings()]);
          return { default: component };
        } catch (error) {
          made.failed = true;
          throw error;
        }
      }),
    };
    return made;
  };
  function Screen(props: P) {
    if (!current || (current.failed && current.tries !== tries)) current = make();
    const { Lazy } = current;
    return <Lazy {...props} />;
  }
  Screen.preload = () => {
    if (current || ahead) return;
    ahead = load();
    // A failed preload is forgotten: the screen's own render loads it again, and shows the failure.
    ahead.catch(() => (ahead = undefined));
    loadScreenStrings().catch(() => undefined);
  };
  return Screen;
}
