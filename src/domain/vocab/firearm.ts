// This module fixes the stored codes; their labels are in labels.ts.

export const FIREARM_TYPES = [
  'pistol',
  'revolver',
  'derringer',
  'rifle',
  'carbine',
  'shotgun',
  'combination',
  'submachine_gun',
  'machine_gun',
  'frame_receiver',
  'silencer',
  'grenade_launcher',
  'other',
] as const;

export type FirearmType = (typeof FIREARM_TYPES)[number];

/** Mexican reports count armas cortas / armas largas; the split follows that usage. */
export type FirearmGroup = 'handgun' | 'long_gun' | 'other';

export interface FirearmTypeInfo {
  /** First character of the NCIC gun-type code; null where NCIC has none (docs/domain-rules.md#c-1). */
  ncic: string | null;
  group: FirearmGroup;
}

export const FIREARM_TYPE_INFO: Readonly<Record<FirearmType, FirearmTypeInfo>> = {
  pistol: { ncic: 'P', group: 'handgun' },
  // NCIC files revolvers and derringers under P (subtypes PR, PD).
  revolver: { ncic: 'P', group: 'handgun' },
  derringer: { ncic: 'P', group: 'handgun' },
  rifle: { ncic: 'R', group: 'long_gun' },
  carbine: { ncic: 'R', group: 'long_gun' },
  shotgun: { ncic: 'S', group: 'long_gun' },
  combination: { ncic: 'C', group: 'long_gun' },
  submachine_gun: { ncic: 'B', group: 'long_gun' },
  machine_gun: { ncic: 'M', group: 'long_gun' },
  // A bare frame or receiver is the legal firearm, but NCIC's first character describes a
  // whole gun, so the export must ask what it belongs to.
  frame_receiver: { ncic: null, group: 'other' },
  silencer: { ncic: 'V', group: 'other' },
  // NCIC's G means the grenade itself, not the launcher.
  grenade_launcher: { ncic: null, group: 'other' },
  other: { ncic: 'Z', group: 'other' },
};

export const FIREARM_ACTIONS = [
  'semi_automatic',
  'automatic',
  'bolt',
  'lever',
  'pump',
  'revolver',
  'single_shot',
  'break_open',
] as const;

export type FirearmAction = (typeof FIREARM_ACTIONS)[number];
