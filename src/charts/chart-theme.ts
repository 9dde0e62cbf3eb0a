// The look every chart shares: a light card that also reads on a dark chat background, DejaVu Sans,
// and the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies).
import { CHART_FONT_FAMILY } from './chart-fonts.ts';

/**
 * Okabe & Ito (2008), "Color Universal Design", without its yellow (too light on white) and black
 * (reads as an axis). Grey is kept apart for "Other".
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#7F5A3B', '#332288'];
export const OTHER_COLOR = '#9A9A9A';
export const BACKGROUND = '#FFFFFF';
const INK = '#2B2B2B';
const MUTED = '#5F5F5F';

/** Plot area in CSS pixels (the PNG is twice this, plus axes and title). */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;

export const THEME_CONFIG: Record<string, unknown> = {
  font: CHART_FONT_FAMILY,
  background: BACKGROUND,
  padding: 16,
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', color: INK, anchor: 'start', subtitleFontSize: 11, subtitleColor: MUTED, offset: 12, limit: 660 },
  axis: {
    labelFontSize: 11,
    labelColor: INK,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: MUTED,
    gridColor: '#E8E8E8',
    domainColor: '#9A9A9A',
    tickColor: '#9A9A9A',
    labelLimit: 200,
    labelOverlap: true,
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: MUTED, labelColor: INK, labelLimit: 180, orient: 'bottom', direction: 'horizontal', columns: 4 },
  range: { category: PALETTE },
  line: { strokeWidth: 2 },
  point: { filled: true, size: 36 },
  bar: { color: PALETTE[0] },
};
