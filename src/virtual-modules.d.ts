/** The sample partnership's prebuilt workspace file (data-samples/sample-workspace-plugin.ts). */
declare module 'virtual:cse-sample-workspace' {
	const url: string;
	export default url;
}
