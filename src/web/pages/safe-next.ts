/**
 * Where to go after sign-in: a path of this site only. An absolute URL, a protocol-relative one (//host),
 * a backslash (which browsers read as a slash) or a control character makes it "/": no open redirect.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 512) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  if (/[\\\u0000-\u001f\u007f\s]/.test(next)) return '/';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/';
  return next;
}
