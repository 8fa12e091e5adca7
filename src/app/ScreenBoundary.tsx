/**
 * A screen that cannot be opened (its chunk or its strings did not arrive: no signal before the
 * service worker had cached them) says so in the officer's language, with a way to try again,
 * instead of taking the whole app down with it. The header, the language switch and the lock
 * stay usable; records and autosaved entries are untouched on the device. A read refused by the
 * lock is not a screen failure: it goes on to the lock's own boundary, which redraws the screen
 * at the next unlock.
 */
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLockedRead } from '../features/lock/locked-read';
import { retryScreens } from './lazy-screen';

interface Props {
  /** A new value (the address) clears a failure: it belonged to the screen before. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  failed: unknown;
  resetKey: string;
}

export class ScreenBoundary extends Component<Props, State> {
  override state: State = { failed: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { failed: error ?? new Error('screen failed') };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { failed: undefined, resetKey: props.resetKey };
  }

  override render() {
    const { failed } = this.state;
    if (failed === undefined) return this.props.children;
    if (isLockedRead(failed)) throw failed;
    return (
      <ScreenFailed
        onRetry={() => {
          retryScreens();
          this.setState({ failed: undefined });
        }}
      />
    );
  }
}

function ScreenFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner-error" role="alert">
      <p>{t('screenFailed.message')}</p>
      <button type="button" onClick={onRetry}>
        {t('screenFailed.retry')}
      </button>
    </div>
  );
}
