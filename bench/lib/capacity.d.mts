/** Types of capacity.mjs, for its unit test (test/unit/capacity-search.test.ts). */
export interface CapacityTrial {
  devices: number;
  held: boolean;
}

export interface CapacitySearch<T extends CapacityTrial> {
  /** The largest level held (0: none). */
  devices: number;
  /** The smallest level missed, when one was. */
  missed: number | undefined;
  trials: T[];
  stopped: 'precision' | 'max' | 'floor' | 'budget';
}

export function searchCapacity<T extends CapacityTrial>(
  trial: (devices: number) => Promise<T>,
  bounds: { start: number; max: number; precision: number; budgetMs: number },
): Promise<CapacitySearch<T>>;
