/**
 * View settings for this visit. Analyst mode shows exact small counts on the analyst pages, under
 * a visible "Restricted" banner; it starts off at every visit, so nothing unsuppressed is shown
 * by accident, and board-facing pages (Summary, Report) ignore it.
 */
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';
import type { PeriodScheme } from '$lib/measures/periods';
import { DEFAULT_MAX_FILE_MB } from './file-size-limit';

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
	 * Set for this visit on the Map page. The app's Content-Security-Policy (svelte.config.js)
	 * allows connections to its own origin only, so the server hosting the app must also allow the
	 * tile server's origin (connect-src, img-src; see README "Base map"): without that the browser
	 * refuses the tiles and the map says so.
	 */
	basemapStyleUrl = $state('');
	/** The largest file the Import page reads, in MB (file-size-limit.ts). */
	maxFileMb = $state(DEFAULT_MAX_FILE_MB);
}

export const settings = new Settings();
