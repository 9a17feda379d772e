/**
 * What the Summary page should show, computed the other way round: the command line runs the same
 * measures on the Node engine, and the same pure view function words them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SummaryData } from '../../../src/lib/measures/summary.ts';
import { summaryView, type SummaryView } from '../../../src/lib/views/summary-view.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Today's date in Europe/London (the tests' browser time zone), as YYYY-MM-DD. */
export function londonToday(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export interface Expected {
	today: string;
	summary: SummaryData;
	view: SummaryView;
}

export function expectedSummary(today = londonToday()): Expected {
	const stdout = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'measures', '--samples', '--json', '--today', today], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		timeout: 120_000
	});
	const json = JSON.parse(stdout) as { summary: SummaryData | null };
	if (!json.summary) throw new Error(`The command line found no Summary for ${today}:\n${stdout.slice(0, 500)}`);
	return { today, summary: json.summary, view: summaryView(json.summary) };
}
