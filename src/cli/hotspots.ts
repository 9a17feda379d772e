/**
 * `npm run cli -- hotspots --workspace DIR --boundaries FILE… [--measure NAME] [--period P]
 *  [--calendar] [--today YYYY-MM-DD] [--code-property NAME] [--name-property NAME]
 *  [--level small_area|ward|la] [--json]`
 *
 * Loads the boundary file into the workspace (in memory: the workspace directory is not changed)
 * and prints every area of its level with the measure's count, rate per 10,000 children and
 * Getis-Ord Gi* z-score and class, through the same code as the map page (geo/hotspots.ts):
 *
 *   {"areas":[{"code":"…","name":"…","count":N,"rate":X,"gi_z":Z,"class":"hot-99|…|cold-99"}]}
 *
 * `rate` is null without a population for the area, `gi_z` null for an island or when no area
 * stands out. Counts are exact (the analyst's view). Rows whose area code matches no area, or
 * that have none, are reported on stderr (they are never silently dropped).
 *
 * `--boundaries` may be given more than once (e.g. LSOAs, then wards): each file is loaded in
 * turn, so data coded by small area can be counted in wards by containment; the areas printed are
 * those of the last file's level.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadBoundaries, type BoundaryLoadResult } from '$lib/geo/boundary-store';
import { AREA_LEVELS, type AreaLevel } from '$lib/geo/boundaries';
import { hotspotAreas } from '$lib/geo/hotspots';
import { areaMeasureDates, monthPeriod, parseAreaMeasure } from '$lib/measures/area-counts';
import { latestCompletePeriod, parsePeriod, periodContaining, type Period, type PeriodScheme } from '$lib/measures/periods';
import { todayIso } from '$lib/measures/today';
import { ImportError } from '$lib/ingest/errors';
import { openWorkspaceDir } from './workspace-dir';

export const HOTSPOTS_USAGE = `  hotspots --workspace DIR --boundaries FILE [--measure NAME] [--period P] [--calendar] [--json]
           [--code-property NAME] [--name-property NAME] [--level small_area|ward|la] [--today YYYY-MM-DD]
      Counts, rates per 10,000 and Getis-Ord Gi* hot/cold spots for every area of the boundary
      file (GeoJSON or TopoJSON, WGS84 or British National Grid), as
      {"areas":[{"code","name","count","rate","gi_z","class"}]}. NAME: concerns (default),
      missing-episodes, locations, locations:<type>, police-crimes, police-crimes:<Crime type>.
      P: a period as the app labels it ("Apr–Sep 2025"), a month (2025-04), months
      (2025-04..2025-09) or six months from a month (2025-04/6); default the latest complete
      six-month period of the measure's data.
      --boundaries may repeat (small areas, then wards): the last file's areas are printed. The
      workspace directory is not changed.
`;

/** Options that take a value, so their values are not mistaken for anything else. */
const VALUE_OPTIONS = ['--workspace', '--boundaries', '--measure', '--period', '--today', '--code-property', '--name-property', '--level'];

export class HotspotsUsageError extends Error {}

function option(args: readonly string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

/** Every value of an option that may repeat. */
function options(args: readonly string[], name: string): string[] {
	return args.flatMap((a, i) => (a === name && i + 1 < args.length ? [args[i + 1]] : []));
}

/**
 * A period from the command line: a six-month period as the app labels it ("Apr–Sep 2025",
 * "Oct 2024–Mar 2025", as `measures --period` takes), `YYYY-MM` (one month), `YYYY-MM..YYYY-MM`
 * (those months, inclusive) or `YYYY-MM/6` (six months from that month).
 */
export function parsePeriodOption(text: string, scheme: PeriodScheme = 'financial'): Period {
	const labelled = parsePeriod(text, scheme);
	if (labelled) return labelled;
	const month = /^(\d{4})-(\d{2})$/;
	const range = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(text);
	const six = /^(\d{4}-\d{2})\/6$/.exec(text);
	if (month.test(text)) return monthPeriod(text);
	if (range) {
		const from = monthPeriod(range[1]);
		const to = monthPeriod(range[2]);
		if (to.end < from.start) throw new HotspotsUsageError(`--period ${text}: the last month is before the first.`);
		return { start: from.start, end: to.end, label: `${from.label}–${to.label}` };
	}
	if (six) {
		const from = monthPeriod(six[1]);
		const index = Number(six[1].slice(0, 4)) * 12 + Number(six[1].slice(5, 7)) - 1 + 5;
		const to = monthPeriod(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
		return { start: from.start, end: to.end, label: `${from.label}–${to.label}` };
	}
	throw new HotspotsUsageError(`--period "${text}" is not a period ("Apr–Sep 2025"), a month (2025-04), a range of months (2025-04..2025-09) or six months (2025-04/6).`);
}

export interface HotspotsJson {
	areas: { code: string; name: string | null; count: number; rate: number | null; gi_z: number | null; class: string }[];
}

export async function hotspotsCommand(args: string[]): Promise<void> {
	const workspaceDir = option(args, '--workspace');
	const boundaryFiles = options(args, '--boundaries');
	if (!workspaceDir || !boundaryFiles.length) {
		throw new HotspotsUsageError('hotspots needs --workspace DIR (the imported data) and --boundaries FILE (GeoJSON or TopoJSON).');
	}
	const stray = args.filter((a, i) => !a.startsWith('--') && !VALUE_OPTIONS.includes(args[i - 1]));
	if (stray.length) throw new HotspotsUsageError(`hotspots does not understand ${stray.map((s) => `"${s}"`).join(', ')}.`);
	const measure = parseAreaMeasure(option(args, '--measure') ?? 'concerns');
	const level = option(args, '--level');
	if (level !== undefined && !(AREA_LEVELS as readonly string[]).includes(level)) {
		throw new HotspotsUsageError(`--level must be one of ${AREA_LEVELS.join(', ')}.`);
	}
	const scheme: PeriodScheme = args.includes('--calendar') ? 'calendar' : 'financial';

	const engine = await openWorkspaceDir(workspaceDir);
	try {
		let loaded: BoundaryLoadResult | null = null;
		for (const file of boundaryFiles) {
			loaded = await loadBoundaries(
				engine,
				{ name: path.basename(file), bytes: new Uint8Array(await readFile(file)) },
				{ codeProperty: option(args, '--code-property'), nameProperty: option(args, '--name-property'), level: level as AreaLevel | undefined }
			);
		}
		if (!loaded) throw new HotspotsUsageError('hotspots needs --boundaries FILE.');
		const periodText = option(args, '--period');
		let period: Period | null = periodText ? parsePeriodOption(periodText, scheme) : null;
		if (!period) {
			const { last } = await areaMeasureDates(engine, measure.kind);
			period = last ? (latestCompletePeriod(last, option(args, '--today') ?? todayIso(), scheme) ?? periodContaining(last, scheme)) : null;
		}
		const result = period
			? await hotspotAreas(engine, { measure, level: loaded.level, period, scheme })
			: null;
		const output: HotspotsJson = {
			areas: (result?.areas ?? []).map((a) => ({ code: a.code, name: a.name, count: a.count, rate: a.rate, gi_z: a.giZ, class: a.hotspot }))
		};
		if (args.includes('--json')) {
			process.stdout.write(JSON.stringify(output) + '\n');
		} else {
			process.stdout.write(`${loaded.fileName}: ${loaded.areaCount} ${loaded.level} areas; ${period ? period.label : 'no data for this measure'}\n`);
			for (const a of output.areas) {
				process.stdout.write(`${a.code}\t${a.name ?? ''}\t${a.count}\t${a.rate ?? '–'}\t${a.gi_z === null ? '–' : a.gi_z.toFixed(2)}\t${a.class}\n`);
			}
		}
		if (!result) process.stderr.write(`hotspots: no data for ${measure.kind} in the workspace, so no period to show.\n`);
		if (result) {
			const notes: string[] = [];
			if (result.unmatched.count) {
				notes.push(`${result.unmatched.count} counted in areas not in the boundary file (${result.unmatched.codes} codes, e.g. ${result.unmatched.examples.join(', ')})`);
			}
			if (result.noArea) notes.push(`${result.noArea} with no area code`);
			if (result.islands.length) notes.push(`${result.islands.length} area(s) with no neighbour, so no Gi*: ${result.islands.join(', ')}`);
			if (result.zeroVariance) notes.push('every area has the same value, so no Gi*');
			if (notes.length) process.stderr.write(`hotspots (${period!.label}, ${result.measure}): ${notes.join('; ')}.\n`);
		}
	} catch (err) {
		if (err instanceof ImportError) throw new Error(`${err.fileName}: ${err.detail} ${err.advice}`);
		throw err;
	} finally {
		await engine.close();
	}
}
