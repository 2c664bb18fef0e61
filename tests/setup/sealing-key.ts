/** A fixed bid-sealing key for tests, so no run writes a key file into the working tree. */
export const TEST_BID_SEALING_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
