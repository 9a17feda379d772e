/** Rules against the workspace: the boundaries describe the areas the data is about. */
import { EXAMPLES, type BoundaryRule } from './rule';

export interface DataMatchInput {
	/** The boundary file's area codes. */
	codes: readonly string[];
	/** Area codes the workspace's data uses at this level; empty when there is nothing to match. */
	dataCodes: ReadonlySet<string>;
}

export const codesMatchData: BoundaryRule<DataMatchInput> = {
	code: 'BND10',
	title: 'The codes match the data',
	message: "When the workspace already has areas or data at this level, at least one boundary code is among them.",
	advice: 'Use boundaries of the same vintage as the data (LSOA 2011 and 2021 codes differ; ward codes change most years), or check the code property chosen.',
	check({ codes, dataCodes }) {
		if (!dataCodes.size || codes.some((c) => dataCodes.has(c))) return null;
		return `has area codes (such as ${codes.slice(0, EXAMPLES).join(', ')}) matching none of the workspace's ${dataCodes.size} codes at this level (such as ${[...dataCodes].slice(0, EXAMPLES).join(', ')}).`;
	}
};
