/**
 * Settings. Analyst mode shows exact small counts on the analyst pages, under a visible
 * "Restricted" banner; it starts off at every visit, so nothing unsuppressed is shown by
 * accident, and board-facing pages (Summary, Report) ignore it. The others are the partnership's
 * and are kept in the workspace (saved-settings.ts; the layout saves them when they change).
 */
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';
import type { PeriodScheme } from '$lib/measures/periods';
import { DEFAULT_MAX_FILE_MB } from './file-size-limit';
import type { SavedSettings } from './saved-settings';

class Settings {
	analystMode = $state(false);
	/** Counts from 1 to threshold − 1 are suppressed. */
	threshold = $state(DEFAULT_THRESHOLD);
	/**
	 * Six-month periods: financial-year halves (April–September, October–March; DfE's, the default)
	 * or calendar halves (January–June, July–December) for a partnership that reports that way.
	 * Every page's period picker and measures follow it.
	 */
	periodScheme = $state<PeriodScheme>('financial');
	/**
	 * A MapLibre style URL from the organisation's own tile server, drawn under the boundaries on
	 * the Map page. Empty (the default): no base map, nothing fetched, the boundaries are the map.
	 * Set on the Map page and kept in the workspace. The app's Content-Security-Policy (svelte.config.js)
	 * allows connections to its own origin only, so the server hosting the app must also allow the
	 * tile server's origin (connect-src, img-src; see README "Base map"): without that the browser
	 * refuses the tiles and the map says so.
	 */
	basemapStyleUrl = $state('');
	/** The largest file the Import page reads, in MB (file-size-limit.ts). */
	maxFileMb = $state(DEFAULT_MAX_FILE_MB);

	/** The settings kept in the workspace (saved-settings.ts); analyst mode is never among them. */
	get saved(): SavedSettings {
		return { threshold: this.threshold, periodScheme: this.periodScheme, basemapStyleUrl: this.basemapStyleUrl, maxFileMb: this.maxFileMb };
	}

	apply(saved: SavedSettings) {
		this.threshold = saved.threshold;
		this.periodScheme = saved.periodScheme;
		this.basemapStyleUrl = saved.basemapStyleUrl;
		this.maxFileMb = saved.maxFileMb;
	}
}

export const settings = new Settings();
