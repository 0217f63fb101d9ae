/** "18:49:05": when something was read, in 24-hour local time. */
export function clockTime(at: Date): string {
  return at.toLocaleTimeString('en-GB', { hour12: false });
}
