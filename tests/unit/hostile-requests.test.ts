/**
 * Requests the fuzz test (tests/integration/fuzz.test.ts) found answered with a 500: bodies
 * that are no form, a session cookie that is no percent-encoding, redirect targets that a
 * browser reads as another site or that no header can hold. Each is the sender's fault: a 4xx,
 * no session, the fallback path.
 */
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE, readCookie } from "~/modules/auth/session.server";
import { parseUpload } from "~/modules/documents/uploads.server";
import { LOCALE_COOKIE, parseLocaleCookie } from "~/i18n";
import { readFormData } from "~/utils/forms.server";
import { safeRedirect } from "~/utils/safe-redirect";

const post = (body: BodyInit | null, contentType?: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });

async function statusOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Response);
  return (error as Response).status;
}

describe("readFormData", () => {
  it("reads a urlencoded and a multipart form", async () => {
    expect(Object.fromEntries(await readFormData(post(new URLSearchParams({ title: "助餐" }), "application/x-www-form-urlencoded")))).toEqual({ title: "助餐" });
    const form = new FormData();
    form.append("title", "助餐");
    expect(Object.fromEntries(await readFormData(post(form)))).toEqual({ title: "助餐" });
  });

  it("answers 415 to a body that is no form: JSON, text, bytes without a type, nothing", async () => {
    expect(await statusOf(readFormData(post('{"title":"x"}', "application/json")))).toBe(415);
    expect(await statusOf(readFormData(post("title=x", "text/plain")))).toBe(415);
    expect(await statusOf(readFormData(post(new Uint8Array([0xff, 0xfe]))))).toBe(415);
    expect(await statusOf(readFormData(post(null)))).toBe(415);
  });

  it("answers 400 to a multipart body that breaks off or has no boundary", async () => {
    expect(await statusOf(readFormData(post('--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\ncut off', "multipart/form-data; boundary=XYZ")))).toBe(400);
    expect(await statusOf(readFormData(post("--x\r\n\r\n", "multipart/form-data")))).toBe(400);
  });

  it("leaves a body read twice a 500: that mistake is ours", async () => {
    const request = post(new URLSearchParams({ a: "1" }), "application/x-www-form-urlencoded");
    await request.text();
    await expect(readFormData(request)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("parseUpload", () => {
  it("answers 415 to a JSON body instead of reading it as a form", async () => {
    expect(await statusOf(parseUpload(post('{"evidence":"x"}', "application/json")))).toBe(415);
  });

  it("never reads a multipart body past the upload rules, however its type is spelled", async () => {
    const form = new FormData();
    form.append("evidence", new File([new TextEncoder().encode("<html><script>alert(1)</script>")], "a.pdf", { type: "application/pdf" }));
    const boundary = /boundary=(.+)$/.exec(new Response(form).headers.get("Content-Type")!)![1];
    // Remix's multipart parser only knows the lower-case type: the body is refused, not read whole.
    expect(await statusOf(parseUpload(post(await new Response(form).arrayBuffer(), `Multipart/Form-Data; boundary=${boundary}`)))).toBe(400);
  });
});

describe("readCookie", () => {
  const withCookie = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });

  it("reads a session cookie among others", () => {
    expect(readCookie(withCookie(`a=1; ${SESSION_COOKIE}=abc%20d`), SESSION_COOKIE)).toBe("abc d");
  });

  it("reads a value that is not percent-encoding as no cookie", () => {
    expect(readCookie(withCookie(`${SESSION_COOKIE}=%E0%A4%A`), SESSION_COOKIE)).toBeNull();
    expect(readCookie(withCookie(`${SESSION_COOKIE}=%`), SESSION_COOKIE)).toBeNull();
  });
});

describe("parseLocaleCookie", () => {
  it("reads the two locales and falls back to Chinese for anything else, a broken encoding included", () => {
    expect(parseLocaleCookie(`${LOCALE_COOKIE}=en`)).toBe("en");
    expect(parseLocaleCookie(`a=1; ${LOCALE_COOKIE}=zh-CN`)).toBe("zh-CN");
    expect(parseLocaleCookie(`${LOCALE_COOKIE}=%E0%A4%A`)).toBe("zh-CN");
    expect(parseLocaleCookie(`${LOCALE_COOKIE}=fr`)).toBe("zh-CN");
  });
});

describe("safeRedirect", () => {
  it("refuses a path a browser reads as another site once it drops tabs and newlines", () => {
    expect(safeRedirect("/\t/evil.example")).toBe("/");
    expect(safeRedirect("/\n/evil.example")).toBe("/");
    expect(new URL("/\t/evil.example", "http://localhost").host).toBe("evil.example");
  });

  it("refuses what a Location header cannot hold", () => {
    expect(safeRedirect("/\r\nSet-Cookie: x=1")).toBe("/");
    expect(safeRedirect("/a\u0000b")).toBe("/");
    expect(safeRedirect("/\uD800")).toBe("/");
  });

  it("percent-encodes a Chinese path or search, and leaves an encoded one alone", () => {
    expect(safeRedirect("/tenders?q=金水区")).toBe("/tenders?q=%E9%87%91%E6%B0%B4%E5%8C%BA");
    expect(safeRedirect("/tenders?q=%E9%87%91 x")).toBe("/tenders?q=%E9%87%91%20x");
    expect(() => new Headers({ Location: safeRedirect("/tenders?q=金水区") })).not.toThrow();
  });
});
