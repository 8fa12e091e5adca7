/**
 * The seeded randomness every chaos decision comes from: mulberry32, a tiny 32-bit generator that
 * is good enough for test schedules and fully determined by its seed. Separate streams (one per
 * device's faults, one for the schedule) are forked by name, so a device that sends one request
 * more does not shift every later decision of the others.
 */
export interface Rng {
  /** A float in [0, 1). */
  (): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string | number>(weights: readonly (readonly [K, number])[]): K;
  /** A random version-4 UUID (device-made ids, reproducible from the seed). */
  uuid(): string;
  /** An independent stream for `label`. */
  fork(label: string): Rng;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string (FNV-1a), to derive stream seeds from labels. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: number, label = 'root'): Rng {
  const next = mulberry32(hash32(`${seed}:${label}`));
  const rng = (() => next()) as Rng;
  rng.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  rng.chance = (probability) => next() < probability;
  rng.pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  rng.weighted = <K extends string | number>(weights: readonly (readonly [K, number])[]): K => {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let roll = next() * total;
    for (const [key, weight] of weights) {
      roll -= weight;
      if (roll < 0) return key;
    }
    const last = weights[weights.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  };
  rng.uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Math.floor(next() * 4) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  rng.fork = (sub) => createRng(seed, `${label}/${sub}`);
  return rng;
}
