/** Dates and durations as agents read them, in the browser's language and time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "5 min", "3 h 10 min", "2 d": how long since `iso`. */
export function since(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

export function customerName(customer: { displayName?: string | null; emails?: string[] | null; id: string }): string {
  return customer.displayName || customer.emails?.[0] || 'Unnamed customer';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
