/** Dates as the bureau reads them: Asia/Shanghai (UTC+8, no daylight saving), whatever the server's zone. */

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving). */
function inShanghai(instant: Date): Date {
  return new Date(instant.getTime() + 8 * 3600 * 1000);
}

export function shanghaiDate(instant: Date): { year: number; month: number; day: number } {
  const shifted = inShanghai(instant);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The calendar date in Asia/Shanghai as YYYY-MM-DD, as the bureau reads dates. */
export function shanghaiDay(instant: Date): string {
  return inShanghai(instant).toISOString().slice(0, 10);
}

/** Date and minute in Asia/Shanghai, "YYYY-MM-DD HH:MM". */
export function shanghaiTime(instant: Date): string {
  return inShanghai(instant).toISOString().slice(0, 16).replace('T', ' ');
}

/** An ISO time as people read it in the bureau: Beijing date and minute, marked `+08:00` (what the CLI prints). */
export function beijingTime(iso: string | Date | undefined): string {
  if (iso === undefined) return '?';
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(at.getTime()) ? String(iso) : `${shanghaiTime(at)} +08:00`;
}
