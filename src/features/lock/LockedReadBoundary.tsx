/**
 * A screen hidden behind the lock can still be asked to read: another tab saves, and this tab's
 * live queries run again with no keys open, and throw. Such a screen is dropped rather than let
 * the error take down the app, and drawn afresh at the next unlock (a form it held is in its
 * autosaved draft). Any other error goes on up as before.
 */
import { Component, type ReactNode } from 'react';
import { isLockedRead } from './locked-read';

interface Props {
  /** Changes at each unlock: a dropped screen is drawn again then. */
  unlocks: number;
  children: ReactNode;
}

export class LockedReadBoundary extends Component<Props, { dropped: unknown }> {
  override state: { dropped: unknown } = { dropped: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { dropped: error };
  }

  override componentDidUpdate(previous: Props) {
    if (previous.unlocks !== this.props.unlocks && this.state.dropped !== undefined) this.setState({ dropped: undefined });
  }

  override render() {
    const { dropped } = this.state;
    if (dropped === undefined) return this.props.children;
    if (isLockedRead(dropped)) return null;
    throw dropped;
  }
}
