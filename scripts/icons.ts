/**
 * Generate the add-in icons (assets/icon-{16,32,64,80,128}.png) from a vector description, so no
 * binary is edited by hand. Run: npx tsx scripts/icons.ts
 * The icon: a blue rounded square holding a white table (header bar and rows) and a green tick.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128];

type RGBA = [number, number, number, number];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in a 0..1 unit square; each returns true when the point is inside.
function roundRect(x0: number, y0: number, x1: number, y1: number, r: number) {
  return (x: number, y: number) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}
function segment(ax: number, ay: number, bx: number, by: number, w: number) {
  return (x: number, y: number) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    const px = ax + t * dx - x, py = ay + t * dy - y;
    return px * px + py * py <= (w / 2) ** 2;
  };
}

const BLUE: RGBA = [31, 94, 168, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const LINE: RGBA = [31, 94, 168, 255];
const GREEN: RGBA = [22, 150, 72, 255];

/** Layers painted in order. */
function layers(size: number): { inside: (x: number, y: number) => boolean; color: RGBA }[] {
  const thin = Math.max(1.2 / size, 0.035);
  const out = [
    { inside: roundRect(0.02, 0.02, 0.98, 0.98, 0.18), color: BLUE },
    { inside: roundRect(0.17, 0.2, 0.83, 0.8, 0.05), color: WHITE },
    { inside: roundRect(0.17, 0.2, 0.83, 0.34, 0.05), color: [200, 220, 245, 255] as RGBA },
  ];
  if (size >= 32) {
    for (const y of [0.48, 0.62]) out.push({ inside: segment(0.22, y, 0.78, y, thin), color: LINE });
    out.push({ inside: segment(0.42, 0.36, 0.42, 0.76, thin), color: LINE });
  }
  const tick = size >= 32 ? 0.1 : 0.14;
  out.push({ inside: segment(0.5, 0.66, 0.62, 0.78, tick + 0.06), color: WHITE });
  out.push({ inside: segment(0.62, 0.78, 0.86, 0.5, tick + 0.06), color: WHITE });
  out.push({ inside: segment(0.5, 0.66, 0.62, 0.78, tick), color: GREEN });
  out.push({ inside: segment(0.62, 0.78, 0.86, 0.5, tick), color: GREEN });
  return out;
}

export function renderIcon(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const ss = 4; // 4×4 supersampling
  const ls = layers(size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = (x + (sx + 0.5) / ss) / size, v = (y + (sy + 0.5) / ss) / size;
          let c: RGBA = [0, 0, 0, 0];
          for (const l of ls) if (l.inside(u, v)) c = l.color;
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
        }
      }
      const i = (y * size + x) * 4;
      px[i] = a ? Math.round(r / a) : 0;
      px[i + 1] = a ? Math.round(g / a) : 0;
      px[i + 2] = a ? Math.round(b / a) : 0;
      px[i + 3] = Math.round(a / (ss * ss));
    }
  }
  return px;
}

export function iconFile(size: number): string {
  return `icon-${size}.png`;
}

export function writeIcons(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const file = path.join(dir, iconFile(size));
    fs.writeFileSync(file, encodePng(size, renderIcon(size)));
    return file;
  });
}

if (require.main === module) {
  for (const f of writeIcons(path.resolve(__dirname, '..', 'assets'))) console.log(`wrote ${path.relative(process.cwd(), f)}`);
}
