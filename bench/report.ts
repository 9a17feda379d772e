/** The results table, printed by run.ts and by `npx tsx bench/report.ts [bench/results.json]`. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface CaseResult {
	name: string;
	size: number | null;
	app_ms: number | null;
	native_ms: number | null;
	baseline_ms: number | null;
	app_over_native: number | null;
	baseline_over_app: number | null;
	app_spread_ms?: [number, number];
	native_spread_ms?: [number, number];
	baseline_spread_ms?: [number, number];
	reps?: number;
	[extra: string]: unknown;
}

const fmt = (x: unknown) => (typeof x === 'number' ? x.toLocaleString('en-GB', { maximumFractionDigits: 1 }) : '—');
const spread = (r: CaseResult, k: 'app' | 'native' | 'baseline') => {
	const s = r[`${k}_spread_ms`] as [number, number] | undefined;
	return s ? `${fmt(r[`${k}_ms`])} (${fmt(s[0])}–${fmt(s[1])})` : fmt(r[`${k}_ms`]);
};

export function table(cases: CaseResult[]): string {
	const head = ['case', 'size', 'app ms (min–max)', 'native ms (min–max)', 'baseline ms (min–max)', 'app/native', 'baseline/app', 'input MB', 'peak MB (over idle)', 'longest task ms', 'target'];
	const rows = cases.map((r) => [
		r.name,
		r.size === null ? '—' : fmt(r.size),
		spread(r, 'app'),
		spread(r, 'native'),
		spread(r, 'baseline'),
		r.app_over_native === null ? '—' : `${r.app_over_native}×`,
		r.baseline_over_app === null ? '—' : `${r.baseline_over_app}×`,
		fmt(r.input_mb),
		r.peak_mb === undefined ? '—' : `${fmt(r.peak_mb)} (${fmt(r.peak_over_idle_mb)})`,
		fmt(r.longest_task_ms),
		typeof r.target_ms === 'number' ? `≤ ${fmt(r.target_ms)} ms: ${r.target_met === null ? '—' : r.target_met ? 'met' : `missed (${r.over_target}×)`}` : '—'
	]);
	const lines = [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
	return lines.join('\n');
}


if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const file = process.argv[2] ?? 'bench/results.json';
	const { machine, cases } = JSON.parse(readFileSync(file, 'utf8')) as { machine: Record<string, unknown>; cases: CaseResult[] };
	console.log(table(cases));
	console.log(`\n${machine.mode} run, ${machine.date}: ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}, ${machine.chromium}, load average ${JSON.stringify(machine.loadavg_at_start)} → ${JSON.stringify(machine.loadavg)}`);
}
