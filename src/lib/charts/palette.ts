/**
 * Colour-blind-safe colours (Okabe–Ito), used in a fixed order. Colour never carries meaning
 * alone: every series is also labelled in text, and lines differ in dash pattern.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;
export const DASHES = [null, '6,3', '2,2', '8,3,2,3', '1,3', '10,4'] as const;
