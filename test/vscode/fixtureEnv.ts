/** The env vars the launchers hand to the suite inside VS Code (names shared by both sides). */
export const FIXTURE_ENV = {
  /** Comma-separated client URLs of the 3-member cluster the workspace points at. */
  cluster: 'ZTAP_TEST_CLUSTER',
  /** The single-member etcd, for "settings change reconnects". */
  single: 'ZTAP_TEST_SINGLE',
  /** A loopback port where nothing listens. */
  dead: 'ZTAP_TEST_DEAD',
} as const;
