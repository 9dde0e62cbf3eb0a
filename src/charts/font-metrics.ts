// Text widths from the real font file. Headless vega has no canvas to measure text, so it guesses
// 0.8 × font size per character — about 40% too wide for DejaVu Sans, which leaves big gaps under
// axes and truncates labels early. We read advance widths from the TTF (cmap + hmtx) instead and
// give vega a measuring function; kerning is ignored (a pixel or two on a label).

export interface FontMetrics {
  /** Width of `text` in pixels at `fontSize`. */
  width(text: string, fontSize: number): number;
}

/** Parse the advance widths of a TrueType font. Throws on a file that is not a TrueType font. */
export function parseFontMetrics(font: Buffer): FontMetrics {
  const tables = readTableDirectory(font);
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const cmap = tables.get('cmap');
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
    throw new Error('not a TrueType font: head/hhea/hmtx/cmap missing');
  }
  const unitsPerEm = font.readUInt16BE(head + 18);
  const metricCount = font.readUInt16BE(hhea + 34);
  const advance = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metricCount - 1));
  const glyphOf = readCmap(font, cmap);
  const fallback = advance(glyphOf(0x20) || 0) || unitsPerEm / 2;
  const cache = new Map<number, number>();
  const unitsOf = (codePoint: number): number => {
    let units = cache.get(codePoint);
    if (units === undefined) {
      const glyph = glyphOf(codePoint);
      // Combining marks and invisible format characters take no room; a missing glyph is drawn by a
      // fallback of unknown width: count it as an average letter.
      units = /\p{M}|\p{Cf}/u.test(String.fromCodePoint(codePoint)) ? 0 : glyph ? advance(glyph) : fallback;
      cache.set(codePoint, units);
    }
    return units;
  };
  return {
    width(text, fontSize) {
      let units = 0;
      for (const ch of text) units += unitsOf(ch.codePointAt(0)!);
      return (units * fontSize) / unitsPerEm;
    },
  };
}

function readTableDirectory(font: Buffer): Map<string, number> {
  const count = font.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return tables;
}

/** Code point → glyph id, from the Unicode cmap subtable (format 12 preferred, else format 4). */
function readCmap(font: Buffer, cmap: number): (codePoint: number) => number {
  const count = font.readUInt16BE(cmap + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    const format = font.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 ??= offset;
    if (format === 4) format4 ??= offset;
  }
  if (format12 !== undefined) {
    const table = format12;
    const groups = font.readUInt32BE(table + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const g = table + 16 + 12 * mid;
        const start = font.readUInt32BE(g);
        const end = font.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return font.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (format4 === undefined) return () => 0;
  const table = format4;
  const segments = font.readUInt16BE(table + 6) / 2;
  const ends = table + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segments; i++) {
      if (cp > font.readUInt16BE(ends + 2 * i)) continue;
      const start = font.readUInt16BE(starts + 2 * i);
      if (cp < start) return 0;
      const delta = font.readInt16BE(deltas + 2 * i);
      const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * i);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + 2 * i + rangeOffset + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
