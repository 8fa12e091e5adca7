/**
 * A one-shot message carried across a navigation ("Saved on this device"). It travels in the
 * history entry's state: reading it is idempotent (React may render a screen more than once
 * before showing it), and it is cleared once shown so a reload does not announce it again.
 */
import { useEffect, useState } from 'react';

export type FlashMessage = 'savedDraft' | 'savedReady';

export const flashState = (message: FlashMessage) => ({ flash: message });

export function useFlash(): FlashMessage | undefined {
  const [message] = useState<FlashMessage | undefined>(() => (history.state as { flash?: FlashMessage } | null)?.flash);
  useEffect(() => {
    if (message) history.replaceState({ ...(history.state as object), flash: undefined }, '');
  }, [message]);
  return message;
}
