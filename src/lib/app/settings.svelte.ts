/**
 * View settings for this visit. Analyst mode shows exact small counts on the analyst pages, under
 * a visible "Restricted" banner; it starts off at every visit, so nothing unsuppressed is shown
 * by accident, and board-facing pages (Summary, Report) ignore it.
 */
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';

class Settings {
	analystMode = $state(false);
	/** Counts from 1 to threshold − 1 are suppressed. */
	threshold = $state(DEFAULT_THRESHOLD);
}

export const settings = new Settings();
