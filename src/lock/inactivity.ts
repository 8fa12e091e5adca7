/**
 * Notices when the officer stops using the app (CJIS 5.5.5, session lock). Time is read from the
 * clock at each check rather than counted by one long timer: a phone asleep in a pocket suspends
 * timers, and on waking the app must lock at once, not 30 minutes later.
 */

/** What the officer does that counts as using the app. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;
/** How often the clock is read while the page is visible. */
export const INACTIVITY_CHECK_MS = 5_000;

export interface InactivityOptions {
  limitMs: number;
  onIdle: () => void;
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** Where visibility changes are announced (the document), so a phone waking from sleep checks at once. */
  visibility?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
}

/** Starts watching; the returned function stops it. onIdle is called once. */
export function watchInactivity({ limitMs, onIdle, target = window, visibility = document, now = Date.now }: InactivityOptions): () => void {
  let lastActivity = now();
  let stopped = false;
  const touch = () => {
    lastActivity = now();
  };
  const check = () => {
    if (stopped || now() - lastActivity < limitMs) return;
    stop();
    onIdle();
  };
  const timer = setInterval(check, Math.min(INACTIVITY_CHECK_MS, limitMs));
  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, touch, { passive: true, capture: true });
  visibility.addEventListener('visibilitychange', check);

  function stop() {
    stopped = true;
    clearInterval(timer);
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, touch, { capture: true });
    visibility.removeEventListener('visibilitychange', check);
  }
  return stop;
}
