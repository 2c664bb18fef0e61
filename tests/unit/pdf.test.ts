import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFen } from "~/modules/budgets/money";
import { officialDate, officialDateTime, pdfResponse, renderPdf, type PdfWriter } from "~/modules/documents/pdf.server";

// pdftotext (poppler-utils) reads the text back as a reader's PDF viewer would. Without it the
// text checks are skipped with a message, except on CI, where a missing tool is an error.
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!hasPdftotext) {
  const message = "pdftotext not found (apt-get install poppler-utils)";
  if (process.env.CI === "true") throw new Error(`[pdf] ${message}: the PDF text cannot be checked.`);
  console.warn(`[pdf] ${message}: skipping the PDF text checks.`);
}

const PUBLISHED = new Date("2026-03-02T01:30:00Z");
const CEILING = 150_000_000;

function notice(doc: PdfWriter, tranches = 3) {
  doc.title("郑州市金水区民政局\n丰乐社区居家养老服务项目采购公告");
  doc.subtitle(`发布日期：${officialDate(PUBLISHED)}`);
  doc.heading("一、项目基本情况");
  doc.keyValues([
    { label: "采购人", value: "郑州市金水区民政局" },
    { label: "采购方式", value: "公开招标" },
    { label: "最高限价", value: formatFen(CEILING) },
    { label: "投标截止时间", value: officialDateTime(new Date("2026-03-23T01:30:00Z")) },
  ]);
  doc.heading("二、采购需求");
  doc.paragraph("为辖区独居、空巢老年人提供助餐、助洁、助医和精神慰藉服务，服务对象不少于 300 人。");
  doc.heading("三、付款方式");
  doc.table({
    columns: [{ header: "批次", width: 1 }, { header: "付款节点", width: 4 }, { header: "金额", width: 2, align: "right" }],
    rows: Array.from({ length: tranches }, (_, i) => [String(i + 1), `第${i + 1}期验收合格后`, formatFen(45_000_000)]),
  });
  doc.signOff(["郑州市金水区民政局", officialDate(PUBLISHED)]);
}

const meta = { title: "丰乐社区居家养老服务项目采购公告", subject: "采购公告", createdAt: PUBLISHED };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-pdf-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// Text extraction keeps the characters but not always the spaces between CJK and digits.
const squash = (text: string) => text.replace(/\s+/g, "");

/** The text of each page, without whitespace. */
function pdfPages(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  return text
    .split("\f")
    .map(squash)
    .filter((page) => page !== "");
}

function pdfInfo(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync("pdfinfo", [file], { encoding: "utf8" });
}

describe("renderPdf", () => {
  it("embeds a subset of Noto Sans SC in both weights and stays small", async () => {
    const pdf = await renderPdf((doc) => notice(doc), meta);
    expect(pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
    const bytes = pdf.toString("latin1");
    expect(bytes).toContain("NotoSansSC-Regular");
    expect(bytes).toContain("NotoSansSC-Bold");
    expect(bytes).toMatch(/\/FontFile2/);
    // The font files are 10 MB each: only the glyphs used are embedded.
    expect(pdf.length).toBeLessThan(200_000);
  });

  it.runIf(hasPdftotext)("writes Chinese text and ¥ amounts that a reader can copy, with page numbers", async () => {
    const pages = pdfPages(await renderPdf((doc) => notice(doc), meta), "notice");
    expect(pages).toHaveLength(1);
    for (const expected of ["丰乐社区居家养老服务项目采购公告", "一、项目基本情况", "郑州市金水区民政局", "公开招标", "最高限价¥1,500,000.00", "¥450,000.00", "2026年3月2日", "2026年3月23日09:30", "第1页/共1页"]) {
      expect(pages[0]).toContain(expected);
    }
  });

  it.runIf(hasPdftotext)("sets the title, author, subject and creation date", async () => {
    const info = pdfInfo(await renderPdf((doc) => notice(doc), meta), "info");
    expect(info).toMatch(/Title:\s+丰乐社区居家养老服务项目采购公告/);
    expect(info).toMatch(/Author:\s+三社联动服务采购平台/);
    expect(info).toMatch(/Subject:\s+采购公告/);
    expect(info).toMatch(/CreationDate:\s+Mon Mar\s+2 01:30:00 2026 UTC/);
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
  });

  it.runIf(hasPdftotext)("breaks a long table across pages, repeats its header and numbers every page", async () => {
    const pages = pdfPages(await renderPdf((doc) => notice(doc, 80), meta), "long");
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page).toContain(`第${i + 1}页/共${pages.length}页`);
      if (i > 0) expect(page).toMatch(/^批次付款节点金额\d+第\d+期验收合格后/);
    });
    const text = pages.join("");
    for (let i = 1; i <= 80; i += 1) expect(text).toContain(`${i}第${i}期验收合格后¥450,000.00`);
  });

  it.runIf(hasPdftotext)("carries a cell taller than a page over to the next pages without losing text", async () => {
    const sentence = "投标人须为依法登记的社会组织，未被列入活动异常名录或严重违法失信名单。";
    const pdf = await renderPdf((doc) => doc.table({ columns: [{ header: "项目" }, { header: "内容", width: 4 }], rows: [["资格要求", `${sentence.repeat(120)}完。`]] }), { title: "长单元格" });
    const pages = pdfPages(pdf, "tall-cell");
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page).toMatch(/^项目内容/);
      expect(page).toContain(`第${i + 1}页/共${pages.length}页`);
    });
    const text = pages.join("");
    expect(text.split(sentence).length - 1).toBe(120);
    expect(text).toContain("名单。完。");
  });

  it("gives the same bytes for the same content and creation date", async () => {
    const [a, b] = await Promise.all([renderPdf((doc) => notice(doc), meta), renderPdf((doc) => notice(doc), meta)]);
    expect(a.equals(b)).toBe(true);
    const later = await renderPdf((doc) => notice(doc), { ...meta, createdAt: new Date("2026-03-03T00:00:00Z") });
    expect(later.equals(a)).toBe(false);
  });

  it("rejects when the document cannot be built", async () => {
    await expect(
      renderPdf(() => {
        throw new Error("no tender");
      }, meta),
    ).rejects.toThrow("no tender");
  });
});

describe("pdfResponse", () => {
  it("answers a PDF with a Chinese file name for download", async () => {
    const pdf = await renderPdf((doc) => doc.paragraph("采购公告"), { title: "采购公告" });
    const response = pdfResponse(pdf, "采购公告.pdf", { download: true });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent("采购公告.pdf")}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
    expect(pdfResponse(pdf, "notice-1.pdf").headers.get("Content-Disposition")).toBe(`inline; filename="notice-1.pdf"; filename*=UTF-8''notice-1.pdf`);
  });
});

describe("official dates", () => {
  it("are written in Beijing time", () => {
    // 2026-03-01 17:30 UTC is already 2 March in Zhengzhou.
    expect(officialDate(new Date("2026-03-01T17:30:00Z"))).toBe("2026年3月2日");
    expect(officialDateTime(new Date("2026-03-01T17:30:00Z"))).toBe("2026年3月2日 01:30");
  });
});
