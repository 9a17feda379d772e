/**
 * The settings a partnership keeps (threshold, six-month periods, base-map style, file size
 * limit), stored in the workspace's `preferences` table so they survive a reload, travel with an
 * exported workspace and go with "Delete all data". Analyst mode is deliberately not kept: it
 * starts off at every visit, so nothing unsuppressed is ever shown by accident.
 */
import type { Engine } from '$lib/db/engine';
import type { PeriodScheme } from '$lib/measures/periods';
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';
import { clampFileLimit, DEFAULT_MAX_FILE_MB } from './file-size-limit';

export interface SavedSettings {
	threshold: number;
	periodScheme: PeriodScheme;
	basemapStyleUrl: string;
	maxFileMb: number;
}

const KEY = 'settings';

export const DEFAULT_SETTINGS: SavedSettings = {
	threshold: DEFAULT_THRESHOLD,
	periodScheme: 'financial',
	basemapStyleUrl: '',
	maxFileMb: DEFAULT_MAX_FILE_MB
};

/** Whatever was stored, as settings the app can use: unknown or broken values fall back to the defaults. */
export function cleanSettings(raw: unknown): SavedSettings {
	const r = raw && typeof raw === 'object' ? (raw as Partial<Record<keyof SavedSettings, unknown>>) : {};
	const threshold = typeof r.threshold === 'number' && Number.isInteger(r.threshold) && r.threshold >= 2 && r.threshold <= 20 ? r.threshold : DEFAULT_THRESHOLD;
	return {
		threshold,
		periodScheme: r.periodScheme === 'calendar' ? 'calendar' : 'financial',
		basemapStyleUrl: typeof r.basemapStyleUrl === 'string' ? r.basemapStyleUrl.trim().slice(0, 2000) : '',
		maxFileMb: typeof r.maxFileMb === 'number' ? clampFileLimit(r.maxFileMb) : DEFAULT_MAX_FILE_MB
	};
}

export async function loadSettings(engine: Engine): Promise<SavedSettings> {
	const rows = await engine.query<{ value: string }>(`SELECT value FROM preferences WHERE key = ?`, [KEY]);
	try {
		return cleanSettings(rows[0] ? JSON.parse(rows[0].value) : null);
	} catch {
		return { ...DEFAULT_SETTINGS };
	}
}

export async function saveSettings(engine: Engine, settings: SavedSettings): Promise<void> {
	await engine.query(`INSERT OR REPLACE INTO preferences VALUES (?, ?)`, [KEY, JSON.stringify(cleanSettings(settings))]);
}
