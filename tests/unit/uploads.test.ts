import { describe, expect, it } from "vitest";
import { contentDisposition, downloadFilename, MAX_UPLOAD_BYTES, sanitizeFilename, sniffContentType } from "~/modules/documents/file-types";
import { parseUpload } from "~/modules/documents/uploads.server";

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const EXE = Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]); // "MZ": a Windows executable
const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]); // "PK\3\4"

describe("sniffContentType: the type comes from the first bytes", () => {
  it("knows PDF (%PDF-), JPEG (FF D8 FF) and PNG (89 50 4E 47 0D 0A 1A 0A)", () => {
    expect(sniffContentType(PDF)).toBe("application/pdf");
    expect(sniffContentType(JPEG)).toBe("image/jpeg");
    expect(sniffContentType(PNG)).toBe("image/png");
  });

  it("refuses executables, archives, text, HTML and truncated signatures", () => {
    expect(sniffContentType(EXE)).toBeNull();
    expect(sniffContentType(ZIP)).toBeNull();
    expect(sniffContentType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffContentType(new TextEncoder().encode("%PDF"))).toBeNull(); // no dash: not the PDF header
    expect(sniffContentType(PNG.slice(0, 7))).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });

  it("does not find a signature that is not at the start", () => {
    expect(sniffContentType(new Uint8Array([0x20, ...PDF]))).toBeNull();
  });
});

describe("file names", () => {
  it("keeps a Chinese name and drops folders, control and reserved characters and leading dots", () => {
    expect(sanitizeFilename("入户走访记录.pdf")).toBe("入户走访记录.pdf");
    expect(sanitizeFilename("C:\\Users\\he\\走访.pdf")).toBe("走访.pdf");
    expect(sanitizeFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFilename('a"b<c>\u0000d.pdf')).toBe("a_b_c__d.pdf");
    expect(sanitizeFilename("..hidden.png")).toBe("hidden.png");
    expect(sanitizeFilename("   ")).toBe("file");
  });

  it("shortens a long name to 120 characters and keeps its extension", () => {
    const name = sanitizeFilename(`${"很".repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("saves a download under the extension of what the file is", () => {
    expect(downloadFilename("scan.pdf", "image/png")).toBe("scan.png");
    expect(downloadFilename("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
    expect(downloadFilename("照片", "image/jpeg")).toBe("照片.jpg");
    expect(downloadFilename("report.final", "application/pdf")).toBe("report.final.pdf");
  });

  it("sends the UTF-8 name (RFC 5987) with an ASCII fallback", () => {
    expect(contentDisposition("走访 记录(1).pdf")).toBe(
      `attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E8%B5%B0%E8%AE%BF%20%E8%AE%B0%E5%BD%95%281%29.pdf`,
    );
    expect(contentDisposition('a"b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`);
  });
});

function multipart(parts: Array<[string, string] | [string, Uint8Array, string]>) {
  const form = new FormData();
  for (const part of parts) {
    if (part.length === 2) form.append(part[0], part[1]);
    else form.append(part[0], new File([new Uint8Array(part[1])], part[2], { type: "application/pdf" }));
  }
  return new Request("http://localhost/community/needs/new", { method: "POST", body: form });
}

function filled(size: number, head: Uint8Array) {
  const bytes = new Uint8Array(size);
  bytes.set(head);
  return bytes;
}

describe("parseUpload", () => {
  it("returns the fields and the files, each typed by its content whatever the browser claimed", async () => {
    const upload = await parseUpload(
      multipart([
        ["title", "助餐服务"],
        ["evidence", PDF, "走访记录.pdf"],
        ["evidence", PNG, "照片.pdf"],
        ["suggestedBudget", "150000"],
      ]),
    );
    expect(upload.errors).toEqual({});
    expect(Object.fromEntries(upload.fields)).toEqual({ title: "助餐服务", suggestedBudget: "150000" });
    expect(upload.files.map((f) => [f.filename, f.contentType, f.size])).toEqual([
      ["走访记录.pdf", "application/pdf", PDF.length],
      ["照片.pdf", "image/png", PNG.length],
    ]);
  });

  it("ignores an empty file input (a part with no name and no bytes)", async () => {
    const upload = await parseUpload(multipart([["title", "x"], ["evidence", new Uint8Array(), ""]]));
    expect(upload.errors).toEqual({});
    expect(upload.files).toEqual([]);
  });

  it("refuses an executable or an archive named .pdf, naming the file on the evidence field", async () => {
    for (const [bytes, name] of [
      [EXE, "setup.pdf"],
      [ZIP, "材料.pdf"],
    ] as const) {
      const upload = await parseUpload(multipart([["evidence", bytes, name]]));
      expect(upload.files).toEqual([]);
      expect(upload.errors).toEqual({ evidence: { type: "upload", message: `needs.upload.wrongType|{"file":"${name}","types":"PDF/JPG/PNG"}` } });
    }
  });

  it("accepts a file of exactly 10 MB and refuses one byte more, still reading the fields after it", async () => {
    const atLimit = await parseUpload(multipart([["evidence", filled(MAX_UPLOAD_BYTES, PDF), "ok.pdf"]]));
    expect(atLimit.errors).toEqual({});
    expect(atLimit.files.map((f) => f.size)).toEqual([10 * 1024 * 1024]);

    const over = await parseUpload(
      multipart([
        ["title", "before"],
        ["evidence", filled(MAX_UPLOAD_BYTES + 1, PDF), "扫描件.pdf"],
        ["evidence", PNG, "small.png"],
        ["description", "after"],
      ]),
    );
    expect(over.errors).toEqual({ evidence: { type: "upload", message: `needs.upload.tooLarge|{"file":"扫描件.pdf","max":10}` } });
    expect(Object.fromEntries(over.fields)).toEqual({ title: "before", description: "after" });
    expect(over.files.map((f) => f.filename)).toEqual(["small.png"]);
  });

  it("takes a smaller limit and another allow-list when asked", async () => {
    const upload = await parseUpload(multipart([["documents", JPEG, "a.jpg"]]), { field: "documents", allowed: ["application/pdf"], maxBytes: 100 });
    expect(upload.errors).toEqual({ documents: { type: "upload", message: `needs.upload.wrongType|{"file":"a.jpg","types":"PDF"}` } });
  });

  it("reads a form posted without files as usual", async () => {
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: new URLSearchParams({ title: "助餐" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const upload = await parseUpload(request);
    expect(Object.fromEntries(upload.fields)).toEqual({ title: "助餐" });
    expect(upload.files).toEqual([]);
  });

  it("answers 400, not 500, to a body that is not the multipart it claims", async () => {
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: '--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\ncut off here',
      headers: { "Content-Type": "multipart/form-data; boundary=XYZ" },
    });
    const error = await parseUpload(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(400);
  });
});
