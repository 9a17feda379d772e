/**
 * The command line: the same measures and loaders as the browser, on the Node engine.
 *
 *   npm run cli -- measures --samples --json [--today YYYY-MM-DD] [--calendar]
 *
 * Later: `import` and `hotspots`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import { loadSamples } from '$lib/ingest/load-samples';
import { summary } from '$lib/measures/summary';
import { todayIso } from '$lib/measures/today';

const SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data-samples/northbrook');

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  measures --samples [--json] [--today YYYY-MM-DD] [--calendar]
      Load the sample partnership and print the Summary measures for the latest complete period.
`;

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function measures(args: string[]) {
	if (!args.includes('--samples')) {
		throw new Error('measures needs --samples for now (importing your own files from the command line comes with the import command).');
	}
	const engine = await createNodeEngine();
	try {
		const imports = await loadSamples(engine, async (name) => new Uint8Array(await readFile(path.join(SAMPLES_DIR, name))));
		const data = await summary(engine, {
			today: option(args, '--today') ?? todayIso(),
			scheme: args.includes('--calendar') ? 'calendar' : 'financial'
		});
		if (args.includes('--json')) {
			process.stdout.write(JSON.stringify({ summary: data, imports }, null, 2) + '\n');
		} else if (data) {
			const c = data.current;
			process.stdout.write(
				`${data.partnershipName ?? 'Partnership'} — ${c.period.label}\n` +
					`Children identified at risk: ${c.cohort.children} (${c.ratePer10k ?? '–'} per 10,000 aged 0–17)\n` +
					`Previous period (${data.previous.period.label}): ${data.previous.cohort.children}\n`
			);
		} else {
			process.stdout.write('No concern records loaded.\n');
		}
	} finally {
		await engine.close();
	}
}

async function main(argv: string[]) {
	const [command, ...args] = argv;
	switch (command) {
		case 'measures':
			return measures(args);
		default:
			process.stdout.write(USAGE);
			if (command && command !== '--help') process.exitCode = 2;
	}
}

main(process.argv.slice(2)).catch((err: Error) => {
	process.stderr.write(`cse-profile: ${err.message}\n`);
	if (process.env.DEBUG) console.error(err.stack);
	process.exitCode = 1;
});
