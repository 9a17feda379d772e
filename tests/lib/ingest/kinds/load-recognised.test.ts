/**
 * loadRecognised: a file recognised from its header goes to the right loader, templates included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadRecognised } from '$lib/ingest/kinds';
import { recogniseFile } from '$lib/ingest/recognise';
import { POLICE_UK_HEADER } from '$lib/ingest/kinds/headers';

const SAMPLES = join(process.cwd(), 'data-samples', 'northbrook');
const enc = (text: string) => new TextEncoder().encode(text);

describe('loadRecognised', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	async function load(name: string, bytes: Uint8Array) {
		const header = Papa.parse<string[]>(new TextDecoder().decode(bytes), { preview: 1 }).data[0];
		const recognition = recogniseFile(header);
		expect(recognition, name).not.toBeNull();
		return loadRecognised(engine, { name, bytes }, recognition!, { today: '2026-11-28', year: 2021 });
	}

	it('loads the sample templates (area lookup, population, locations of concern) through their own loaders', async () => {
		for (const [file, kind] of [['areas.csv', 'areas'], ['population.csv', 'population'], ['locations-of-concern.csv', 'locations']] as const) {
			const bytes = new Uint8Array(readFileSync(join(SAMPLES, file)));
			const rows = Papa.parse(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data.length - 1;
			const result = await load(file, bytes);
			expect([file, result.kind, result.rowsRead, result.rowsRejected]).toEqual([file, kind, rows, 0]);
		}
	});

	it('loads published files by kind', async () => {
		const police = await load('police.csv', enc(`${POLICE_UK_HEADER.join(',')}\nx,2024-01,P,P,0.1,51.5,On or near X,E01000001,A 001A,Drugs,,\n`));
		expect([police.kind, police.rowsLoaded]).toEqual(['police_crimes', 1]);
		const ees = await load('ees.csv', enc('time_period,time_identifier,geographic_level,country_code,country_name,Gangs\n2024,Reporting year,National,E92000001,England,c\n'));
		expect([ees.kind, ees.rowsLoaded]).toEqual(['published_stats', 1]);
		const la = await load('la.csv', enc('time_period,time_identifier,geographic_level,country_code,new_la_code,la_name,age_group,population_estimate\n2024,Calendar year,National,E92000001,,,Children aged 0 to 17 years,100\n'));
		expect([la.kind, la.rowsLoaded]).toEqual(['population', 1]);
		const small = await load('small.csv', enc('LSOA21CD,Children aged 0 to 15\nE01000001,12\n'));
		expect([small.kind, small.rowsLoaded]).toEqual(['population', 1]);
		expect(await engine.query(`SELECT year, age_from, age_to, count FROM population WHERE import_id = ?`, [small.importId])).toEqual([
			{ year: 2021, age_from: 0, age_to: 15, count: 12 }
		]);
	});
});
