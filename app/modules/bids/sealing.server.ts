import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_PGLITE_DIR } from "#db/client";
import { logger } from "~/utils/logger.server";

/**
 * Bid sealing (DESIGN §4.4): AES-256-GCM under a key derived per tender (HKDF-SHA256) from one
 * server secret, BID_SEALING_KEY. A database dump taken before opening shows no price and no
 * proposal. The tender and organization ids are authenticated data, so a ciphertext cannot be
 * moved to another bid row and still open.
 */
const INFO = "sanshe-bid-seal-v1";
let masterKey: Buffer | undefined;

function loadMasterKey(): Buffer {
  const configured = process.env.BID_SEALING_KEY;
  if (configured) {
    const decoded = /^[0-9a-f]{64}$/i.test(configured) ? Buffer.from(configured, "hex") : Buffer.from(configured, "base64");
    if (decoded.length !== 32) throw new Error("BID_SEALING_KEY must be 32 bytes, as 64 hex characters or base64");
    return decoded;
  }
  if (process.env.DATABASE_URL) {
    // Several processes on one PostgreSQL must share the key, and it must never live in the
    // database it protects: only the environment will do.
    throw new Error("BID_SEALING_KEY is required when DATABASE_URL is set (64 hex characters, e.g. `openssl rand -hex 32`)");
  }
  // The embedded demo keeps a key of its own beside its data folder, created once.
  const dataDir = path.resolve(process.env.PGLITE_DIR && !process.env.PGLITE_DIR.includes("://") ? process.env.PGLITE_DIR : DEFAULT_PGLITE_DIR);
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.bid-sealing.key`);
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  const key = crypto.randomBytes(32);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, key.toString("hex"), { mode: 0o600 });
  logger.warn("BID_SEALING_KEY not set: generated a local sealing key", { file });
  return key;
}

function tenderKey(tenderId: string): Buffer {
  masterKey ??= loadMasterKey();
  return Buffer.from(crypto.hkdfSync("sha256", masterKey, Buffer.from(tenderId), Buffer.from(INFO), 32));
}

export interface Sealed {
  sealedContent: Buffer;
  sealedIv: Buffer;
  sealedTag: Buffer;
}

export function seal(tenderId: string, organizationId: string, content: unknown): Sealed {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", tenderKey(tenderId), iv);
  cipher.setAAD(Buffer.from(`${tenderId}:${organizationId}`));
  const sealedContent = Buffer.concat([cipher.update(JSON.stringify(content), "utf8"), cipher.final()]);
  return { sealedContent, sealedIv: iv, sealedTag: cipher.getAuthTag() };
}

function decrypt(tenderId: string, aad: string, sealed: Sealed, what: string): Buffer {
  const decipher = crypto.createDecipheriv("aes-256-gcm", tenderKey(tenderId), sealed.sealedIv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.sealedTag);
  try {
    return Buffer.concat([decipher.update(sealed.sealedContent), decipher.final()]);
  } catch (error) {
    // Not a user's mistake: the server's key is not the one the bid was sealed with.
    throw new Error(`${what} on tender ${tenderId} cannot be unsealed: BID_SEALING_KEY differs from the one it was sealed with`, { cause: error });
  }
}

export function unseal<T>(tenderId: string, organizationId: string, sealed: Sealed): T {
  const plain = decrypt(tenderId, `${tenderId}:${organizationId}`, sealed, `bid of organization ${organizationId}`);
  return JSON.parse(plain.toString("utf8")) as T;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Bytes sealed under the tender's key as one value, iv ‖ tag ‖ ciphertext (a bid's files). `aad`
 * names what the bytes belong to (tender, organization, file, part), so sealed bytes moved to
 * another row no longer open.
 */
export function sealBytes(tenderId: string, aad: string, plain: Uint8Array): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", tenderKey(tenderId), iv);
  cipher.setAAD(Buffer.from(aad));
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
}

export function unsealBytes(tenderId: string, aad: string, packed: Buffer): Buffer {
  const sealed = { sealedIv: packed.subarray(0, IV_BYTES), sealedTag: packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), sealedContent: packed.subarray(IV_BYTES + TAG_BYTES) };
  return decrypt(tenderId, aad, sealed, `sealed ${aad}`);
}
