// Pixel checks for rendered charts: size, "not blank", and how much two renders differ.
import sharp from 'sharp';

export interface Pixels {
  width: number;
  height: number;
  gray: Uint8Array;
}

export async function pixelsOf(png: Uint8Array): Promise<Pixels> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, gray: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

/** Standard deviation of grey levels: 0 for a blank image. */
export function variance(p: Pixels): number {
  let sum = 0;
  for (const v of p.gray) sum += v;
  const mean = sum / p.gray.length;
  let sq = 0;
  for (const v of p.gray) sq += (v - mean) ** 2;
  return Math.sqrt(sq / p.gray.length);
}

/** Pixels that differ by more than 32 grey levels (images of different sizes differ everywhere). */
export function differingPixels(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.gray.length, b.gray.length);
  let n = 0;
  for (let i = 0; i < a.gray.length; i++) if (Math.abs(a.gray[i]! - b.gray[i]!) > 32) n++;
  return n;
}

/**
 * Distinct column "profiles" (the count of dark pixels per column) in a band of rows: letters give
 * many different profiles, boxes give a handful (two sides and a top/bottom) repeated.
 */
export function distinctColumnProfiles(p: Pixels, x0: number, x1: number, y0: number, y1: number): number {
  const profiles = new Set<string>();
  for (let x = x0; x < x1; x++) {
    const dark: number[] = [];
    for (let y = y0; y < y1; y++) if (p.gray[y * p.width + x]! < 128) dark.push(y - y0);
    if (dark.length > 0) profiles.add(dark.join(','));
  }
  return profiles.size;
}
