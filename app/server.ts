import crypto from "node:crypto";
// The adapter's own Request/Response bridges (not re-exported from its index): the handler below
// needs the Response before it is sent, to turn a lost database into a 503.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import * as build from "@remix-run/dev/server-build";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { env } from "./env.server";
import { isDatabaseUnavailable, serviceUnavailableResponse } from "./utils/database-outage.server";
import { isForeignOrigin } from "./utils/origin.server";
import { logger } from "./utils/logger.server";

try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone configures the portal.
}

const config = env();
const app = express();
app.disable("x-powered-by");
if (config.TRUST_PROXY === "true") app.set("trust proxy", true);

app.use((req, res, next) => {
  res.locals.requestId = crypto.randomUUID();
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  res.setHeader("X-Request-Id", res.locals.requestId);
  next();
});

app.use(
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'", ...(config.NODE_ENV === "development" ? ["ws:"] : [])],
        frameAncestors: ["'none'"],
        // The donate form (without JavaScript) is answered with a 303 to Stripe Checkout, and
        // browsers hold redirects after a form submission to form-action too.
        formAction: ["'self'", "https://checkout.stripe.com"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  }),
);

// A state-changing request from another site is refused before any action runs (CSRF).
app.use((req, res, next) => {
  if (isForeignOrigin({ method: req.method, origin: req.get("origin"), host: req.get("host"), allowed: config.ALLOWED_ORIGINS })) {
    logger.warn("foreign origin refused", { requestId: res.locals.requestId, origin: req.get("origin"), path: req.path });
    res.status(403).type("text/plain; charset=utf-8").send("403 Forbidden: cross-site request refused / 跨站请求已拒绝");
    return;
  }
  next();
});

app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.use((req, res, next) => {
  const started = performance.now();
  res.on("finish", () => {
    if (req.path.startsWith("/build/")) return;
    logger.info("request", {
      requestId: res.locals.requestId,
      method: req.method,
      path: req.path,
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
  });
  next();
});

// Requests whose loader or action failed because the database was unreachable. Remix hides
// the error behind a generic 500 in production; its handleError still sees it, tagged with the
// request's own load context, so that the answer can become a 503 (DESIGN §7: the app keeps
// running through a database outage and recovers when the connection comes back).
const lostDatabase = new WeakSet<AppLoadContext>();
const remixBuild = build as unknown as ServerBuild;
const handleError = remixBuild.entry.module.handleError;
const handleRequest = createRequestHandler(
  {
    ...remixBuild,
    entry: {
      ...remixBuild.entry,
      module: {
        ...remixBuild.entry.module,
        handleError(error, args) {
          if (isDatabaseUnavailable(error)) lostDatabase.add(args.context);
          handleError?.(error, args);
        },
      },
    },
  },
  config.NODE_ENV,
);

app.all("*", async (req, res, next) => {
  try {
    const request = createRemixRequest(req, res);
    const context: AppLoadContext = {
      requestId: res.locals.requestId as string,
      cspNonce: res.locals.cspNonce as string,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    };
    let response = await handleRequest(request, context);
    if (response.status >= 500 && lostDatabase.has(context)) {
      await response.body?.cancel();
      logger.warn("database unavailable: 503", { requestId: context.requestId, method: req.method, path: req.path });
      response = serviceUnavailableResponse(request, context.requestId);
    }
    await sendRemixResponse(res, response);
  } catch (error) {
    next(error);
  }
});

const server = app.listen(config.PORT, config.HOST ?? "0.0.0.0", () => {
  logger.info(`Sanshe Portal listening on http://localhost:${config.PORT}`, { database: config.DATABASE_URL ? "postgres" : "pglite" });
  if (config.NODE_ENV === "development") {
    import("@remix-run/node").then(({ broadcastDevReady }) => broadcastDevReady(build as never));
  }
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
