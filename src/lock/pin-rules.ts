/**
 * What makes a PIN acceptable, beyond its length (key-vault.ts): not one digit repeated and not a
 * run up or down, the first guesses anyone holding a found phone would try.
 */
import { isValidPin } from '../storage/crypto/key-vault';

export type PinProblem = 'format' | 'guessable' | 'mismatch';

function isGuessable(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - (digits[i] as number) + 10) % 10));
  // One step size throughout: 111111 (0), 123456 (1), 987654 (9).
  return steps.size === 1 && [0, 1, 9].includes([...steps][0] as number);
}

/** Why a new PIN cannot be used, or undefined when it can. */
export function newPinProblem(pin: string, repeated: string): PinProblem | undefined {
  if (!isValidPin(pin)) return 'format';
  if (isGuessable(pin)) return 'guessable';
  if (pin !== repeated) return 'mismatch';
  return undefined;
}
