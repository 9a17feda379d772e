/**
 * A copy of a large byte array made a slice at a time, letting the page handle events between
 * slices. A 100 MB `bytes.slice()` is one task on the main thread (the new memory is touched for
 * the first time as it is copied): a few hundred milliseconds when the machine is busy, over the
 * 200 ms a page may be unresponsive for (issue 3).
 */

/** Bytes copied per task: a few milliseconds of copying. */
export const COPY_SLICE_BYTES = 8 * 1024 * 1024;

/** Resolves in a later task (a message to ourselves: unlike setTimeout, not slowed in background tabs). */
function nextTask(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

export async function copyInSlices(bytes: Uint8Array, sliceBytes = COPY_SLICE_BYTES): Promise<Uint8Array> {
	if (bytes.length <= sliceBytes) return bytes.slice();
	const copy = new Uint8Array(bytes.length);
	for (let at = 0; at < bytes.length; at += sliceBytes) {
		if (at > 0) await nextTask();
		copy.set(bytes.subarray(at, at + sliceBytes), at);
	}
	return copy;
}
