/**
 * A whole synthetic partnership for the measures cases (Summary, Trends filter), made with the
 * project's sample generator (data-samples/generate.ts --seed 1) and cached in
 * bench/.cache/data/partnership-N/.
 *
 * N is the number of concern records across the four agency exports (police, children's social
 * care, health, voluntary sector), the rows that become the `concerns` table. The generator is
 * asked for a few more children than N needs; each agency export is then thinned evenly (every
 * k-th row dropped, spread over the whole file so every month keeps its share) so that the four
 * add up to exactly N. The missing-episode export, the area lookup and the population file are
 * kept whole. The locations-of-concern export and the boundaries are not needed by these cases.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The agency exports that become concern records, and the other files the Summary reads. */
export const CONCERN_FILES = ['police-cse-referrals.csv', 'csc-seraf-assessments.csv', 'health-exploitation-log.csv', 'voluntary-sector-referrals.csv'] as const;
export const OTHER_FILES = ['areas.csv', 'population.csv', 'missing-episodes.csv'] as const;
/** Load order: as the app's sample loader (areas first, then population, then agency files). */
export const PARTNERSHIP_FILES = ['areas.csv', 'population.csv', ...CONCERN_FILES, 'missing-episodes.csv'] as const;

/** Concern records per generated child, a little under what the generator gives (about 2.1). */
const CONCERNS_PER_CHILD = 1.95;

export interface Partnership {
	/** Folder under bench/.cache/data, served as /bench-data/<dir>/. */
	dir: string;
	path: string;
	concerns: number;
	/** Data rows per file. */
	rows: Record<string, number>;
	/** Bytes of the files loaded. */
	bytes: number;
}

async function countRows(path: string): Promise<number> {
	let n = -1;
	for await (const _ of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) n++;
	return n;
}

/** Keep `keep` of the `total` data rows of `source`, spread evenly (row i kept when ⌊(i+1)k/n⌋ > ⌊ik/n⌋). */
async function thin(source: string, target: string, total: number, keep: number): Promise<number> {
	const out = createWriteStream(target);
	let i = -1;
	let written = 0;
	for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
		const take = i < 0 || Math.floor(((i + 1) * keep) / total) > Math.floor((i * keep) / total);
		if (take) {
			if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
			if (i >= 0) written++;
		}
		i++;
	}
	await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
	return written;
}

export async function ensurePartnership(cacheDir: string, concerns: number, log: (s: string) => void): Promise<Partnership> {
	const dataDir = join(cacheDir, 'data');
	const dir = `partnership-${concerns}`;
	const path = join(dataDir, dir);
	const manifest = join(path, 'manifest.json');
	if (!existsSync(manifest)) {
		let children = Math.ceil(concerns / CONCERNS_PER_CHILD);
		for (let attempt = 0; ; attempt++) {
			if (attempt > 3) throw new Error(`could not generate ${concerns} concern records`);
			const genDir = join(cacheDir, `gen-partnership-${children}`);
			log(`generating a partnership from ${children.toLocaleString('en-GB')} children (seed 1) for ${concerns.toLocaleString('en-GB')} concern records…`);
			execFileSync('npx', ['tsx', 'data-samples/generate.ts', '--children', String(children), '--seed', '1', '--out', genDir], {
				stdio: ['ignore', 'ignore', 'inherit']
			});
			const totals = await Promise.all(CONCERN_FILES.map((f) => countRows(join(genDir, f))));
			const sum = totals.reduce((a, b) => a + b, 0);
			if (sum < concerns) {
				rmSync(genDir, { recursive: true, force: true });
				children = Math.ceil(children * (concerns / sum) * 1.03);
				continue;
			}
			// Each export keeps its share of N; the last takes the rounding.
			const keep = totals.map((t) => Math.floor((t * concerns) / sum));
			keep[keep.length - 1] += concerns - keep.reduce((a, b) => a + b, 0);
			const tmp = path + '.tmp';
			rmSync(tmp, { recursive: true, force: true });
			mkdirSync(tmp, { recursive: true });
			const rows: Record<string, number> = {};
			for (const [k, f] of CONCERN_FILES.entries()) rows[f] = await thin(join(genDir, f), join(tmp, f), totals[k], keep[k]);
			for (const f of OTHER_FILES) {
				copyFileSync(join(genDir, f), join(tmp, f));
				rows[f] = await countRows(join(tmp, f));
			}
			writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ concerns, children, rows }, null, '\t') + '\n');
			rmSync(path, { recursive: true, force: true });
			renameSync(tmp, path);
			rmSync(genDir, { recursive: true, force: true });
			break;
		}
	}
	const { rows } = JSON.parse(readFileSync(manifest, 'utf8')) as { rows: Record<string, number> };
	const got = CONCERN_FILES.reduce((a, f) => a + rows[f], 0);
	if (got !== concerns) throw new Error(`${dir}: ${got} concern records, expected ${concerns}`);
	const bytes = PARTNERSHIP_FILES.reduce((a, f) => a + statSync(join(path, f)).size, 0);
	return { dir, path, concerns, rows, bytes };
}
