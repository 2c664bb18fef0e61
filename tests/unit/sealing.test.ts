/**
 * Bid sealing (DESIGN §4.4): AES-256-GCM under a key derived per tender from BID_SEALING_KEY,
 * with the tender and organization as authenticated data. The module reads the secret once,
 * so every test imports a fresh copy after setting the environment.
 */
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as SealingModule from "~/modules/bids/sealing.server";

const KEY_A = "0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff";
const KEY_B = "ffeeddccbbaa99887766554433221100f0e1d2c3b4a5968778695a4b3c2d1e0f";

const TENDER = "6f1c1f3e-8a55-4b0e-9d55-3f1d2a7c0001";
const OTHER_TENDER = "6f1c1f3e-8a55-4b0e-9d55-3f1d2a7c0002";
const ORG = "0b9e4c2a-1d7f-4a3b-8c6e-5f2a9d1b0001";
const OTHER_ORG = "0b9e4c2a-1d7f-4a3b-8c6e-5f2a9d1b0002";

const CONTENT = {
  price: 28_765_432,
  servicePlan: "密封测试：为独居老人提供每周三次上门探访与助餐服务。",
  budget: [{ item: "人员经费", amount: 28_765_432 }],
};

type Sealing = typeof SealingModule;
const saved = process.env.BID_SEALING_KEY;

async function sealingWithKey(key: string): Promise<Sealing> {
  process.env.BID_SEALING_KEY = key;
  vi.resetModules();
  return import("~/modules/bids/sealing.server");
}

let sealing: Sealing;
beforeEach(async () => {
  sealing = await sealingWithKey(KEY_A);
});
afterEach(() => {
  vi.restoreAllMocks();
  if (saved === undefined) delete process.env.BID_SEALING_KEY;
  else process.env.BID_SEALING_KEY = saved;
});

describe("seal and unseal", () => {
  it("round-trips the content, and the ciphertext holds neither the price nor the text", () => {
    const sealed = sealing.seal(TENDER, ORG, CONTENT);
    expect(sealing.unseal(TENDER, ORG, sealed)).toEqual(CONTENT);
    expect(sealed.sealedIv).toHaveLength(12);
    expect(sealed.sealedTag).toHaveLength(16);
    const hex = sealed.sealedContent.toString("hex");
    const asText = sealed.sealedContent.toString("utf8");
    for (const plain of ["28765432", "287654.32", "密封测试", "人员经费"]) {
      expect(asText).not.toContain(plain);
      expect(hex).not.toContain(Buffer.from(plain, "utf8").toString("hex"));
    }
  });

  it("uses a fresh IV each time: the same content sealed twice gives different ciphertexts", () => {
    const a = sealing.seal(TENDER, ORG, CONTENT);
    const b = sealing.seal(TENDER, ORG, CONTENT);
    expect(a.sealedIv.equals(b.sealedIv)).toBe(false);
    expect(a.sealedContent.equals(b.sealedContent)).toBe(false);
  });

  it("refuses to open under another tender's id or another organization's id (GCM authentication)", () => {
    const sealed = sealing.seal(TENDER, ORG, CONTENT);
    expect(() => sealing.unseal(OTHER_TENDER, ORG, sealed)).toThrow();
    expect(() => sealing.unseal(TENDER, OTHER_ORG, sealed)).toThrow();
  });

  it("refuses tampered ciphertext, a tampered tag and a swapped IV", () => {
    const sealed = sealing.seal(TENDER, ORG, CONTENT);
    const flipped = Buffer.from(sealed.sealedContent);
    flipped[0] ^= 0x01;
    expect(() => sealing.unseal(TENDER, ORG, { ...sealed, sealedContent: flipped })).toThrow();
    const tag = Buffer.from(sealed.sealedTag);
    tag[15] ^= 0x80;
    expect(() => sealing.unseal(TENDER, ORG, { ...sealed, sealedTag: tag })).toThrow();
    const other = sealing.seal(TENDER, ORG, CONTENT);
    expect(() => sealing.unseal(TENDER, ORG, { ...sealed, sealedIv: other.sealedIv })).toThrow();
    // Untouched, it still opens.
    expect(sealing.unseal(TENDER, ORG, sealed)).toEqual(CONTENT);
  });
});

describe("keys", () => {
  it("derives a different key per tender: same IV and content give a different ciphertext for another tender", () => {
    // GCM's ciphertext depends on key, IV and plaintext only (the authenticated data changes the tag).
    const iv = Buffer.alloc(12, 7);
    const spy = vi.spyOn(crypto, "randomBytes").mockImplementation(((size: number) => (size === 12 ? Buffer.from(iv) : crypto.webcrypto.getRandomValues(Buffer.alloc(size)))) as typeof crypto.randomBytes);
    const a1 = sealing.seal(TENDER, ORG, CONTENT);
    const a2 = sealing.seal(TENDER, OTHER_ORG, CONTENT);
    const b = sealing.seal(OTHER_TENDER, ORG, CONTENT);
    expect(spy).toHaveBeenCalled();
    expect(a1.sealedIv.equals(iv) && b.sealedIv.equals(iv)).toBe(true);
    // Same tender: same key, so with the same IV the ciphertext body is the same (only the tag differs by AAD).
    expect(a1.sealedContent.equals(a2.sealedContent)).toBe(true);
    expect(a1.sealedTag.equals(a2.sealedTag)).toBe(false);
    // Another tender: another key.
    expect(a1.sealedContent.equals(b.sealedContent)).toBe(false);
  });

  it("never uses the server secret itself as the key", () => {
    const sealed = sealing.seal(TENDER, ORG, CONTENT);
    const decipher = crypto.createDecipheriv("aes-256-gcm", Buffer.from(KEY_A, "hex"), sealed.sealedIv);
    decipher.setAAD(Buffer.from(`${TENDER}:${ORG}`));
    decipher.setAuthTag(sealed.sealedTag);
    expect(() => Buffer.concat([decipher.update(sealed.sealedContent), decipher.final()])).toThrow();
  });

  it("derives the keys from BID_SEALING_KEY: the same secret opens a bid after a restart, another secret does not", async () => {
    const sealed = sealing.seal(TENDER, ORG, CONTENT);
    const other = await sealingWithKey(KEY_B);
    expect(() => other.unseal(TENDER, ORG, sealed)).toThrow();
    const restarted = await sealingWithKey(KEY_A);
    expect(restarted.unseal(TENDER, ORG, sealed)).toEqual(CONTENT);
  });

  it("accepts the secret as base64 too, and refuses one that is not 32 bytes", async () => {
    const sealed = sealing.seal(TENDER, ORG, CONTENT);
    const base64 = await sealingWithKey(Buffer.from(KEY_A, "hex").toString("base64"));
    expect(base64.unseal(TENDER, ORG, sealed)).toEqual(CONTENT);
    const short = await sealingWithKey("abcd");
    expect(() => short.seal(TENDER, ORG, CONTENT)).toThrow(/32 bytes/);
  });
});

describe("sealBytes (a bid's files)", () => {
  const FILE = new TextEncoder().encode("%PDF-1.7 资质证明");
  const AAD = `${TENDER}:${ORG}:bid-attachment:f1:content`;

  it("packs iv ‖ tag ‖ ciphertext, opens with the same tender and label, and never under another", () => {
    const packed = sealing.sealBytes(TENDER, AAD, FILE);
    expect(packed.length).toBe(12 + 16 + FILE.byteLength);
    expect(packed.includes(Buffer.from("%PDF"))).toBe(false);
    expect(Buffer.from(sealing.unsealBytes(TENDER, AAD, packed)).equals(Buffer.from(FILE))).toBe(true);
    expect(() => sealing.unsealBytes(OTHER_TENDER, AAD, packed)).toThrow(/cannot be unsealed/);
    expect(() => sealing.unsealBytes(TENDER, AAD.replace(":content", ":meta"), packed)).toThrow(/cannot be unsealed/);
    // A fresh iv each time: the same file seals differently.
    expect(sealing.sealBytes(TENDER, AAD, FILE).equals(packed)).toBe(false);
  });
});
