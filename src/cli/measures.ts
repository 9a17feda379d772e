/**
 * `npm run cli -- measures (--workspace DIR | --samples) [--period "Apr–Sep 2024"] [--calendar]
 *  [--today YYYY-MM-DD] [--board] [--threshold N] --json`
 *
 * Every catalogued measure for one period. Without --board: the analyst's exact rows. With
 * --board: what a board paper may print, through the same view functions as the pages.
 */
import type { Engine } from '$lib/db/engine';
import { allMeasureRows, type MeasureName } from '$lib/measures/catalogue';
import { dataCoverage } from '$lib/measures/data-coverage';
import { completePeriods, latestCompletePeriod, parsePeriod, type Period, type PeriodScheme } from '$lib/measures/periods';
import { todayIso } from '$lib/measures/today';
import { summary, type SummaryData } from '$lib/measures/summary';
import { boardRows } from '$lib/views/board-rows';
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';

/** Exit code for a request the command cannot answer as asked (an unknown period, a bad option). */
export const USAGE_EXIT_CODE = 2;

export class MeasuresUsageError extends Error {}

export interface MeasuresOutput {
	period: Period;
	scheme: PeriodScheme;
	board: boolean;
	/**
	 * The Summary page's data for the period, exact: only without --board. Kept for the end-to-end
	 * tests (tests/e2e/support/expected.ts), which word it with summaryView as the page does.
	 */
	summary?: SummaryData | null;
	measures: { name: MeasureName; definition: string; rows: Record<string, unknown>[] }[];
}

export interface MeasuresOptions {
	period?: string;
	scheme: PeriodScheme;
	today: string;
	board: boolean;
	threshold: number;
}

/** Read the measures command's options; unknown values are usage errors. */
export function measuresOptions(args: readonly string[]): MeasuresOptions {
	const value = (name: string) => {
		const i = args.indexOf(name);
		if (i < 0) return undefined;
		const v = args[i + 1];
		if (v === undefined || v.startsWith('--')) throw new MeasuresUsageError(`${name} needs a value.`);
		return v;
	};
	const today = value('--today') ?? todayIso();
	if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new MeasuresUsageError(`--today must be a date like 2026-05-01, not "${today}".`);
	const thresholdText = value('--threshold');
	const threshold = thresholdText === undefined ? DEFAULT_THRESHOLD : Number(thresholdText);
	if (!Number.isInteger(threshold) || threshold < 2) throw new MeasuresUsageError(`--threshold must be a whole number of 2 or more, not "${thresholdText}".`);
	return { period: value('--period'), scheme: args.includes('--calendar') ? 'calendar' : 'financial', today, board: args.includes('--board'), threshold };
}

/**
 * The period asked for: the label given (which must name a period of the scheme that overlaps
 * the data), or the latest complete period.
 */
export async function choosePeriod(engine: Engine, options: MeasuresOptions): Promise<Period> {
	const coverage = await dataCoverage.run(engine);
	if (!coverage.firstDate || !coverage.lastDate) throw new MeasuresUsageError('No concern records are loaded, so there is no period to report.');
	const offered = () => {
		const periods = completePeriods(coverage.firstDate!, coverage.lastDate!, options.today, options.scheme).map((p) => `"${p.label}"`);
		return periods.length ? `Complete periods in the data: ${periods.join(', ')}.` : 'No complete period is in the data yet.';
	};
	if (options.period === undefined) {
		const latest = latestCompletePeriod(coverage.lastDate, options.today, options.scheme);
		if (!latest) throw new MeasuresUsageError(`No complete six-month period is in the data (records run ${coverage.firstDate} to ${coverage.lastDate}).`);
		return latest;
	}
	const period = parsePeriod(options.period, options.scheme);
	if (!period) {
		const other = parsePeriod(options.period, options.scheme === 'calendar' ? 'financial' : 'calendar');
		const hint = other
			? ` It is a ${options.scheme === 'calendar' ? 'financial-year' : 'calendar'} half: ${options.scheme === 'calendar' ? 'leave out' : 'add'} --calendar.`
			: ` Write it as the app labels periods, e.g. ${options.scheme === 'calendar' ? '"Jan–Jun 2025" or "Jul–Dec 2025"' : '"Apr–Sep 2025" or "Oct 2025–Mar 2026" (or "Oct–Mar 2025/26")'}.`;
		throw new MeasuresUsageError(`"${options.period}" is not a ${options.scheme === 'calendar' ? 'calendar' : 'financial-year'} six-month period.${hint} ${offered()}`);
	}
	if (period.end < coverage.firstDate || period.start > coverage.lastDate) {
		throw new MeasuresUsageError(`${period.label} has no data: records run from ${coverage.firstDate} to ${coverage.lastDate}. ${offered()}`);
	}
	return period;
}

/** Every measure for the chosen period, exact or as a board paper prints it. */
export async function measuresOutput(engine: Engine, options: MeasuresOptions): Promise<MeasuresOutput> {
	const period = await choosePeriod(engine, options);
	const exact = await allMeasureRows(engine, { period, scheme: options.scheme, filters: {} });
	return {
		period,
		scheme: options.scheme,
		board: options.board,
		...(options.board ? {} : { summary: await summary(engine, { period, scheme: options.scheme, today: options.today }) }),
		measures: exact.map((m) => ({
			name: m.name,
			definition: m.definition,
			rows: options.board ? boardRows(m.name, m.rows, options.threshold) : m.rows
		}))
	};
}

/**
 * Run the command on an engine already holding the data; writes JSON (or a short text summary)
 * to stdout. A usage problem goes to stderr with exit code 2.
 */
export async function measuresCommand(engine: Engine, args: readonly string[]): Promise<void> {
	let output: MeasuresOutput;
	try {
		output = await measuresOutput(engine, measuresOptions(args));
	} catch (err) {
		if (!(err instanceof MeasuresUsageError)) throw err;
		process.stderr.write(`cse-profile measures: ${err.message}\n`);
		process.exitCode = USAGE_EXIT_CODE;
		return;
	}
	if (args.includes('--json')) {
		process.stdout.write(JSON.stringify(output, null, 2) + '\n');
		return;
	}
	const lines = [`${output.period.label}${output.board ? ' (board: suppressed)' : ' (exact: restricted, contains small numbers)'}`];
	for (const m of output.measures) lines.push(`${m.name}: ${m.rows.length} row${m.rows.length === 1 ? '' : 's'}`);
	process.stdout.write(lines.join('\n') + '\n');
}
