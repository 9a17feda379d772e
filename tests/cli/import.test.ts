/**
 * The command line's import, run as a user would (a child process), into a workspace directory
 * that persists between commands.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const cli = (...args: string[]) => {
	try {
		return { out: execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' }), code: 0 };
	} catch (err) {
		const e = err as { stdout: string; status: number };
		return { out: e.stdout, code: e.status };
	}
};

describe('npm run cli -- import', () => {
	it('prints exactly the documented JSON, keeps the workspace, and recognises a file imported before', { timeout: 90_000 }, () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cse-cli-'));
		const workspace = path.join(dir, 'ws');
		const bad = path.join(dir, 'referrals.csv');
		// A template-layout file: line 3 has an impossible date, line 4 an unknown location type.
		writeFileSync(bad, 'Month,Area Code,Location Type,Count,Agency\n2025-01,X01000001,Hotel,2,Police\n2025-13,X01000001,Hotel,1,Police\n2025-02,X01000001,Castle,1,Police\n');
		const first = cli('import', bad, 'data-samples/northbrook/areas.csv', '--workspace', workspace, '--json');
		expect(first.code).toBe(0);
		expect(JSON.parse(first.out)).toEqual({
			files: [
				{ file: 'referrals.csv', kind: 'locations', read: 3, loaded: 1, rejected: 2, reasons: { COD01: 1, DAT01: 1 } },
				{ file: 'areas.csv', kind: 'areas', read: 120, loaded: 120, rejected: 0, reasons: {} }
			]
		});
		const again = cli('import', bad, '--workspace', workspace, '--json');
		expect(JSON.parse(again.out).files[0]).toMatchObject({ file: 'referrals.csv', read: 3, loaded: 1, rejected: 2, duplicate: true });
	});

	it('explains a file that needs a mapping and exits non-zero', { timeout: 60_000 }, () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cse-cli-'));
		const r = cli('import', 'data-samples/northbrook/health-exploitation-log.csv', '--workspace', path.join(dir, 'ws'), '--json');
		expect(r.code).toBe(1);
		expect(JSON.parse(r.out).files[0]).toMatchObject({ file: 'health-exploitation-log.csv', kind: 'not imported', error: expect.stringContaining('needs a mapping') });
	});
});
