import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { openSamples } from '$lib/app/open-samples';
import { exportWorkspace } from '$lib/workspace-file/workspace-file';

const DIR = path.resolve('data-samples/northbrook');
const fetchFile = async (name: string) => new Uint8Array(await readFile(path.join(DIR, name)));
const counts = (engine: Engine) =>
	engine.query(
		`SELECT (SELECT count(*) FROM concerns)::INTEGER AS concerns, (SELECT count(*) FROM imports)::INTEGER AS imports, (SELECT count(*) FROM area_geometry)::INTEGER AS shapes`
	);

describe('opening the sample partnership', () => {
	// Loading the sample files takes seconds, so one store opened through the fallback is the
	// reference for every case.
	let reference: Engine;
	let openedFrom: string;
	const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

	beforeAll(async () => {
		reference = await createNodeEngine();
		openedFrom = await openSamples(reference, () => Promise.reject(new Error('HTTP 404')), fetchFile);
	}, 60_000);
	afterAll(async () => {
		warn.mockRestore();
		await reference.close();
	});

	it('loads the sample files, with a warning, when there is no prebuilt workspace', async () => {
		expect(openedFrom).toBe('files');
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('HTTP 404'));
		const [c] = await counts(reference);
		expect(c).toMatchObject({ imports: 10 });
	});

	it('restores the prebuilt workspace when it is there, without reading the files', { timeout: 60_000 }, async () => {
		const engine = await createNodeEngine();
		const files = vi.fn(fetchFile);
		const prebuilt = await exportWorkspace(reference);
		expect(await openSamples(engine, async () => prebuilt, files)).toBe('prebuilt');
		expect(files).not.toHaveBeenCalled();
		expect(await counts(engine)).toEqual(await counts(reference));
		await engine.close();
	});

	it('falls back to the files when the prebuilt workspace is damaged, with nothing left half-restored', { timeout: 60_000 }, async () => {
		const engine = await createNodeEngine();
		const good = await exportWorkspace(reference);
		expect(await openSamples(engine, async () => good.slice(0, Math.floor(good.length / 2)), fetchFile)).toBe('files');
		expect(await counts(engine)).toEqual(await counts(reference));
		await engine.close();
	});
});
