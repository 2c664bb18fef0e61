/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  // The Express server (security headers, Origin check, request ids) is compiled
  // together with the app into build/index.js.
  server: "./app/server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
