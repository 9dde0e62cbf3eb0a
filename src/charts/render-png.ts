// Vega-Lite spec → Vega (vega-lite) → SVG (vega's headless View: no browser, no canvas) → PNG
// (sharp/librsvg at 2× density, for crisp text on high-density screens). vega, vega-lite and sharp
// load on first use, so starting the app or a CLI command that draws nothing stays quick.
import { performance } from 'node:perf_hooks';
import { ensureChartFonts, readChartFont } from './chart-fonts.ts';
import { parseFontMetrics } from './font-metrics.ts';

/** PNG pixels per SVG pixel. */
export const PNG_SCALE = 2;

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  width: number;
  height: number;
  svgMs: number;
  pngMs: number;
}

type Vega = typeof import('vega');
type Libraries = {
  vega: Vega;
  compile: (typeof import('vega-lite'))['compile'];
  sharp: (typeof import('sharp'))['default'];
};

// vega re-exports vega-scenegraph's textMetrics at runtime; its type declarations leave it out.
type TextMetrics = { width: (item: Record<string, unknown>, text?: unknown) => number };

let libraries: Promise<Libraries> | undefined;

function loadLibraries(): Promise<Libraries> {
  if (libraries) return libraries;
  const loading = (async (): Promise<Libraries> => {
    // Fonts before sharp ever rasterises text: fontconfig reads FONTCONFIG_FILE once, at first use.
    ensureChartFonts();
    const [vega, vegaLite, sharp] = await Promise.all([import('vega'), import('vega-lite'), import('sharp')]);
    const regular = parseFontMetrics(readChartFont('DejaVuSans.ttf'));
    const bold = parseFontMetrics(readChartFont('DejaVuSans-Bold.ttf'));
    // Vega calls this for label truncation, legends and layout bounds; without a canvas it would
    // guess 0.8 × font size per character.
    (vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = (item, text) => {
      const value = text === undefined ? item.text : text;
      const str = Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
      const size = typeof item.fontSize === 'number' ? item.fontSize : 11;
      const weight = item.fontWeight;
      const isBold = weight === 'bold' || (typeof weight === 'number' && weight >= 600) || weight === '700';
      return (isBold ? bold : regular).width(str, size);
    };
    return { vega: vega as Vega, compile: vegaLite.compile, sharp: sharp.default };
  })();
  loading.catch(() => {
    libraries = undefined; // a failed load (missing package) is reported by the caller; retry next time
  });
  libraries = loading;
  return loading;
}

/** Draw a Vega-Lite spec to SVG and PNG. Throws on an invalid spec. */
export async function renderSpec(spec: Record<string, unknown>): Promise<RenderedChart> {
  const { vega, compile, sharp } = await loadLibraries();
  const t0 = performance.now();
  const vgSpec = compile(spec as never, { logger: quietLogger(vega) }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logLevel: vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const t1 = performance.now();
  const image = sharp(Buffer.from(svg), { density: 72 * PNG_SCALE });
  const { data, info } = await image.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer({ resolveWithObject: true });
  const t2 = performance.now();
  return { svg, png: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, svgMs: t1 - t0, pngMs: t2 - t1 };
}

// vega-lite warns on stderr about things we decided on purpose (e.g. dropping a log scale's zero).
function quietLogger(vega: Libraries['vega']) {
  return vega.logger(vega.Error);
}
