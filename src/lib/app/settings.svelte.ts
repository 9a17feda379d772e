/**
 * View settings for this visit. Analyst mode shows exact small counts on the analyst pages, under
 * a visible "Restricted" banner; it starts off at every visit, so nothing unsuppressed is shown
 * by accident, and board-facing pages (Summary, Report) ignore it.
 */
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';
import type { PeriodScheme } from '$lib/measures/periods';

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
}

export const settings = new Settings();
