/**
 * Prepare a CSV for import off the main thread: prepareCsv in one Web Worker and the file's
 * fingerprint in another, at the same time (the machine's second core is otherwise idle until
 * DuckDB's turn). Both workers are served from the app's own origin and kept between files.
 */
import PrepareWorker from './prepare.worker.ts?worker';
import FingerprintWorker from './fingerprint.worker.ts?worker';
import { ImportError } from '$lib/ingest/errors';
import { copyInSlices } from '$lib/db/copy-in-slices';
import type { PreparedCsv } from '$lib/ingest/stage';
import { KeptWorker } from './kept-worker';

type PrepareReply =
	| { ok: true; prepared: PreparedCsv }
	| { ok: false; error: { fileName: string; detail: string; advice: string } | { message: string } };
type FingerprintReply = { ok: true; print: string } | { ok: false; message: string };

const preparers = new KeptWorker<PrepareReply>(() => new PrepareWorker());
const fingerprinters = new KeptWorker<FingerprintReply>(() => new FingerprintWorker());

/** Start the workers before a file arrives (the Import page calls this when it opens). */
export function warmPrepareWorker(): void {
	preparers.warm();
	fingerprinters.warm();
}

/** What the prepare worker answered, as the prepared file or the error it reported. */
function preparedFrom(reply: PrepareReply): PreparedCsv {
	if (reply.ok) return reply.prepared;
	if ('detail' in reply.error) throw new ImportError(reply.error.fileName, reply.error.detail, reply.error.advice);
	throw new Error(reply.error.message);
}

export async function prepareInWorker(name: string, bytes: Uint8Array, signal?: AbortSignal): Promise<PreparedCsv> {
	// A copy goes to each worker (and is handed over, not cloned again); the page keeps its own.
	// Made in slices: one copy of a 100 MB file would block the page for a noticeable moment. The
	// preparation is posted first; the fingerprint's copy is made while it runs.
	const forPrepare = await copyInSlices(bytes);
	const preparing = preparers.run({ name, bytes: forPrepare }, [forPrepare.buffer], signal).then(preparedFrom);
	const fingerprinting = copyInSlices(bytes).then((forPrint) => fingerprinters.run({ bytes: forPrint }, [forPrint.buffer], signal));
	const [prepared, print] = await Promise.all([preparing, fingerprinting]);
	if (!print.ok) throw new Error(`The file could not be fingerprinted: ${print.message}`);
	prepared.fingerprint = print.print;
	return prepared;
}
