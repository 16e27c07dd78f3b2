// What a filing material may be: PDF, JPEG or PNG, recognised by the file's first bytes (the name and the
// client's Content-Type are not trusted), 10 MB at most.

export const MAX_MATERIAL_BYTES = 10 * 1024 * 1024;

export const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MaterialType = (typeof ALLOWED_TYPES)[number];

const SIGNATURES: [MaterialType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The type the bytes are, or undefined when they are none of the three. */
export function sniffType(bytes: Buffer): MaterialType | undefined {
  return SIGNATURES.find(([, sig]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b))?.[0];
}

/** A file name to keep and send back: the last path segment, no control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined, type: MaterialType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || `material.${type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg'}`;
}
