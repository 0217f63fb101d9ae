/**
 * How long ago something was seen, as a row shows it: seconds for the first minute,
 * then minutes, then hours. A row ticking with the clock redraws only when this text
 * changes, so an old node's row (and its tooltip) stays still between minutes.
 */
export function formatSeenAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `seen ${seconds} s ago`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `seen ${minutes} min ago` : `seen ${Math.floor(minutes / 60)} h ago`;
}
