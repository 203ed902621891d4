import { deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

export interface BarSeries {
  values: readonly number[];
  color: Rgb;
}

export interface BarChartOptions {
  width: number;
  height: number;
  /** Drawn side by side in each group, in this order; every series has one value per group. */
  series: readonly BarSeries[];
  background?: Rgb;
  grid?: Rgb;
  axis?: Rgb;
}

const PAD = 12;

/**
 * A grouped bar chart as a PNG, without text (the e-mail labels it in HTML): bars from a common
 * baseline, scaled to the largest value, light grid lines at each quarter. Pure TypeScript + zlib, so
 * nothing native is needed to e-mail a chart.
 */
export function renderBarChartPng(opts: BarChartOptions): Buffer {
  const { width, height } = opts;
  const pixels = new Uint8Array(width * height * 3);
  const fill = (x0: number, y0: number, x1: number, y1: number, [r, g, b]: Rgb) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
        const i = (y * width + x) * 3;
        pixels[i] = r;
        pixels[i + 1] = g;
        pixels[i + 2] = b;
      }
    }
  };
  fill(0, 0, width, height, opts.background ?? [255, 255, 255]);
  const groups = Math.max(0, ...opts.series.map((s) => s.values.length));
  const max = Math.max(0, ...opts.series.flatMap((s) => s.values));
  const baseline = height - PAD;
  const plotHeight = baseline - PAD;
  for (let q = 1; q <= 4; q++) {
    const y = baseline - Math.round((plotHeight * q) / 4);
    fill(PAD, y, width - PAD, y + 1, opts.grid ?? [226, 230, 236]);
  }
  const groupWidth = (width - 2 * PAD) / Math.max(1, groups);
  const barWidth = Math.max(1, Math.floor((groupWidth * 0.7) / Math.max(1, opts.series.length)));
  for (let g = 0; g < groups; g++) {
    const start = Math.round(PAD + g * groupWidth + (groupWidth - barWidth * opts.series.length) / 2);
    opts.series.forEach((s, i) => {
      const v = Math.max(0, s.values[g] ?? 0);
      const h = max === 0 ? 0 : Math.round((plotHeight * v) / max);
      fill(start + i * barWidth, baseline - h, start + (i + 1) * barWidth - 1, baseline, s.color);
    });
  }
  fill(PAD, baseline, width - PAD, baseline + 2, opts.axis ?? [74, 85, 104]);
  return encodePng(width, height, pixels);
}

/** 8-bit RGB PNG (RFC 2083): signature, IHDR, one IDAT (filter 0 on every row), IEND. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
