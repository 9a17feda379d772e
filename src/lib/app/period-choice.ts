/**
 * Which periods the period pickers offer and which one is shown: every complete six-month period
 * of the chosen scheme in the data, newest first, and the one named in the URL (by its first day)
 * if it is among them, else the latest. Pure, so the pickers and their test agree.
 */
import { completePeriods, type Period, type PeriodScheme } from '$lib/measures/periods';
import type { DataCoverage } from '$lib/measures/data-coverage';

export function periodChoices(coverage: Pick<DataCoverage, 'firstDate' | 'lastDate'>, today: string, scheme: PeriodScheme): Period[] {
	return coverage.firstDate && coverage.lastDate ? completePeriods(coverage.firstDate, coverage.lastDate, today, scheme) : [];
}

export function chosenPeriod(choices: readonly Period[], wantedStart: string | null): Period | null {
	return choices.find((p) => p.start === wantedStart) ?? choices[0] ?? null;
}
